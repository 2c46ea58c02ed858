using Crm.ServiceInterface.Mail;
using Crm.ServiceInterface.Playback;

namespace Crm.Web;

public static class ConfigurePlayback
{
    /// <summary>Playback, transcripts and transcripts by e-mail (settings under Smtp).</summary>
    public static WebApplicationBuilder AddCrmPlayback(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddSingleton<IMailSender, MailKitSender>();
        services.AddSingleton<PlaybackServices>();
        services.AddSingleton<TranscriptEmails>();
        services.AddHostedService<TranscriptEmailStartup>();
        return builder;
    }
}

/// <summary>After a restart, every transcript e-mail still to be tried has its job again.</summary>
public sealed class TranscriptEmailStartup(TranscriptEmails mails, ILogger<TranscriptEmailStartup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try { await mails.EnsureScheduledAsync(ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { log.LogError(ex, "Could not re-arm the pending transcript e-mails."); }
    }
}
