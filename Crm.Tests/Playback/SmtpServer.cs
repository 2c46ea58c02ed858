using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Crm.Tests.Playback;

/// <summary>
/// A real SMTP server for the mail tests: Debian's aiosmtpd on 127.0.0.1, writing each accepted message to a folder
/// (smtp_folder_handler.py); it can be stopped and started again on the same port to play an outage.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3"; // the python3 on PATH may not see Debian's modules
    private Process? process;

    public int Port { get; } = FreePort();
    public string Folder { get; } = Directory.CreateTempSubdirectory("crm-smtp-").FullName;

    /// <summary>The settings that point the app at this server.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = Port.ToString(), ["Smtp:Security"] = "None",
        ["Smtp:From"] = "Contoso Support <support@contoso.test>", ["Smtp:ReplyTo"] = "help@contoso.test",
        ["Smtp:FirstRetrySeconds"] = "1", ["Smtp:MaxRetrySeconds"] = "1", ["Smtp:RetryMinutes"] = "5",
    };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "smtp_folder_handler.FolderHandler", Folder])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Playback");
        process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited) { await Task.Delay(100); }
        }
    }

    public void Stop()
    {
        if (process is null) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        process = null;
    }

    /// <summary>Every message received so far, oldest first, with the envelope recipients the server was given.</summary>
    public IReadOnlyList<(string EnvelopeTo, MimeMessage Message)> Received() =>
        Directory.GetFiles(Folder, "*.eml").Order().Select(f =>
        {
            var message = MimeMessage.Load(f);
            return (message.Headers["X-Envelope-To"] ?? "", message);
        }).ToList();

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
