using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Crm.ServiceInterface.Mail;

/// <summary>Settings under Smtp: the server, the sender, and how long a failing e-mail is retried.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>The business address mail is sent from; replies go to <see cref="ReplyTo"/>, or to this address when that is unset.</summary>
    public string From { get; set; } = "CrmSuite <no-reply@localhost>";
    public string? ReplyTo { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>None, StartTls, StartTlsWhenAvailable, SslOnConnect or Auto (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public int RetryMinutes { get; set; } = 60;
    /// <summary>The first wait after a failure; each later one doubles, never past <see cref="MaxRetrySeconds"/>.</summary>
    public int FirstRetrySeconds { get; set; } = 30;
    public int MaxRetrySeconds { get; set; } = 600;
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Sends one e-mail; returns the server's acceptance, throws <see cref="MailNotSentException"/> with the server's reason otherwise.</summary>
public interface IMailSender
{
    Task<string> SendAsync(MimeMessage message, CancellationToken ct = default);
}

/// <summary>The message was not accepted; <see cref="Permanent"/> when retrying cannot help (the server refused it for good).</summary>
public sealed class MailNotSentException(string reason, bool permanent, Exception? inner = null) : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>SMTP through MailKit: connect, authenticate when a user is set, send, disconnect.</summary>
public sealed class MailKitSender(SmtpOptions options) : IMailSender
{
    public async Task<string> SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(options.Host)) throw new MailNotSentException("No SMTP server is configured (Smtp:Host).", permanent: false);
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security, ct);
            if (!string.IsNullOrEmpty(options.User)) await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
            var accepted = await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return accepted;
        }
        catch (SmtpCommandException ex)
        {
            // 5xx is the server's final word on this message; 4xx and everything below SMTP (refused, timed out) may pass later.
            throw new MailNotSentException($"The mail server refused it: {(int)ex.StatusCode} {ex.Message}", (int)ex.StatusCode >= 500, ex);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException
                                       or TimeoutException or SslHandshakeException)
        {
            throw new MailNotSentException($"The mail server could not be reached at {options.Host}:{options.Port}: {ex.Message}", false, ex);
        }
    }
}
