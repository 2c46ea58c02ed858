using System.Diagnostics;
using System.Net.Sockets;

namespace Crm.Tests.Routing;

/// <summary>Crm.Web as a separate process on a loopback port, so a test can kill -9 it and start it again on the same files.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process process;

    private AppProcess(Process process, string baseUrl) => (this.process, BaseUrl) = (process, baseUrl);

    public string BaseUrl { get; }

    public static Task<AppProcess> StartAsync(TestFolder folder, IDictionary<string, string> settings) =>
        StartAsync(folder.DatabaseSettings(), settings);

    /// <summary>A node on the given database: several of them on one PostgreSQL database are a cluster.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> database, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var web = Path.Combine(Data.MigratorTests.RepoRoot(), "Crm.Web", "bin", Build, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(web, "Crm.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in database) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["Crm__Seed__Demo"] = "true";
        start.Environment["Crm__Seed__Customers"] = "20";
        start.Environment["Crm__Seed__Password"] = CrmApp.Password;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try { return (await http.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(120), "the app process to answer /healthz"); // three starting at once on a loaded machine
        return app;
    }

    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly a crash.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

#if DEBUG
    private const string Build = "Debug";
#else
    private const string Build = "Release";
#endif

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
