using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crm.Bench;

/// <summary>The real Crm.Web, built in Release, as its own process on a loopback port with its own database folder.</summary>
public sealed class AppUnderTest : IDisposable
{
    private readonly Process process;

    private AppUnderTest(Process process, string baseUrl, string folder) => (this.process, BaseUrl, Folder) = (process, baseUrl, folder);

    public string BaseUrl { get; }
    public string Folder { get; }
    public string CrmDbPath => Path.Combine(Folder, "crm.db");

    public static async Task<AppUnderTest> StartAsync(IDictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("crm-bench-app-").FullName;
        var web = Path.Combine(RepoRoot(), "Crm.Web", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(web, "Crm.Web.dll")))
            throw new InvalidOperationException("Build the app first: dotnet build -c Release Crm.Web");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(web, "Crm.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging"] = "Warning";
        start.Environment["ConnectionStrings__Crm"] = $"Data Source={Path.Combine(folder, "crm.db")}";
        start.Environment["ConnectionStrings__Quartz"] = $"Data Source={Path.Combine(folder, "quartz.db")}";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("fail", StringComparison.OrdinalIgnoreCase) == true) Console.Error.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppUnderTest(process, $"http://127.0.0.1:{port}", folder);
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try { if ((await http.GetAsync(app.BaseUrl + "/healthz")).IsSuccessStatusCode) return app; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("Crm.Web did not start within a minute.");
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CrmSuite.sln not found above the bench binaries.");
    }

    public void Dispose()
    {
        if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
