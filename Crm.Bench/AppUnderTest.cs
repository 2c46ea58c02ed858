using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Crm.ServiceInterface.Data;

namespace Crm.Bench;

/// <summary>What a deployment runs on: one node on a SQLite file, or N nodes on one database of a bench PostgreSQL server.</summary>
public sealed record BenchTarget(string Name, int Nodes, BenchPostgres? Postgres)
{
    public static BenchTarget Sqlite { get; } = new("SQLite, 1 node", 1, null);

    public static BenchTarget OnPostgres(BenchPostgres server, int nodes) => new($"PostgreSQL, {nodes} node{(nodes == 1 ? "" : "s")}", nodes, server);
}

/// <summary>
/// The real Crm.Web, built in Release, as its own processes on loopback ports: one node with its own SQLite folder, or several
/// nodes on one fresh PostgreSQL database (a cluster without a balancer: the load generators spread requests over <see cref="NodeUrls"/>).
/// </summary>
public sealed class AppUnderTest : IDisposable
{
    private readonly List<Process> processes = [];
    private readonly List<string> nodeUrls = [];
    private readonly string? database;

    private AppUnderTest(BenchTarget target, string folder, string? database)
    {
        (Target, Folder, this.database) = (target, folder, database);
        ConnectionString = target.Postgres is { } pg ? pg.ConnectionString(database!) : $"Data Source={CrmDbPath}";
    }

    public BenchTarget Target { get; }
    public string Folder { get; }
    public string ConnectionString { get; }
    public string BaseUrl => nodeUrls[0];
    public IReadOnlyList<string> NodeUrls => nodeUrls;
    public string CrmDbPath => Target.Postgres is null ? Path.Combine(Folder, "crm.db") : throw new InvalidOperationException("The app runs on PostgreSQL.");

    /// <summary>The node that request number <paramref name="n"/> goes to: round robin.</summary>
    public string NodeUrl(int n) => nodeUrls[n % nodeUrls.Count];

    public static Task<AppUnderTest> StartAsync(IDictionary<string, string> settings) => StartAsync(BenchTarget.Sqlite, settings);

    public static async Task<AppUnderTest> StartAsync(BenchTarget target, IDictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("crm-bench-app-").FullName;
        string? database = null;
        if (target.Postgres is { } pg) pg.CreateDatabase(database = "crm_bench_" + Guid.NewGuid().ToString("N")[..12]);
        var app = new AppUnderTest(target, folder, database);
        try
        {
            // All nodes start together, racing for the migrations and the demo seed, as a cluster does after a deploy.
            var nodes = await Task.WhenAll(Enumerable.Range(0, target.Nodes).Select(_ => app.StartNodeAsync(settings)));
            app.nodeUrls.AddRange(nodes);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>A connection to the deployment's database, for the benches' set-up and their checks afterwards.</summary>
    public Task<DbConnection> OpenDatabaseAsync() =>
        SqlDialect.For(Target.Postgres is null ? SqlDialect.SqliteName : SqlDialect.PostgresName).OpenAsync(ConnectionString, CancellationToken.None);

    /// <summary>CPU used so far by the app's processes, and by the PostgreSQL server (zero on SQLite, which runs inside the app).</summary>
    public (TimeSpan App, TimeSpan Database) Cpu()
    {
        var app = TimeSpan.Zero;
        foreach (var process in processes)
        {
            process.Refresh();
            app += process.TotalProcessorTime;
        }
        return (app, Target.Postgres?.Cpu() ?? TimeSpan.Zero);
    }

    /// <summary>Resident memory of the app's processes (VmRSS), and the most they held at once since they started (VmHWM), in bytes.</summary>
    public (long Now, long Peak) Memory()
    {
        long now = 0, peak = 0;
        foreach (var process in processes)
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) now += Kilobytes(line) * 1024;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak += Kilobytes(line) * 1024;
            }
        }
        return (now, peak);
    }

    private static long Kilobytes(string statusLine) => long.Parse(statusLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    /// <summary>
    /// The deployment's CPU per second while nothing is asked of it (timers, polls, heartbeats, and the tail of the work just done).
    /// Measured just before a phase, it is taken out of that phase's CPU (<see cref="CpuCost.LessIdle"/>).
    /// </summary>
    /// <summary>
    /// Waits (at most 20 s) until the app's idle CPU is under 50 ms/s: for some seconds after a warm-up the tiered JIT recompiles
    /// what it ran, and a ceiling or an idle rate measured meanwhile is low, high and noisy.
    /// </summary>
    public async Task<(double Seconds, CpuCost Idle)> SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        CpuCost idle;
        do idle = await IdleCpuAsync(1);
        while (idle.Total.TotalMilliseconds >= 50 && clock.Elapsed.TotalSeconds < 20);
        return (clock.Elapsed.TotalSeconds, idle);
    }

    public async Task<CpuCost> IdleCpuAsync(double seconds = 2)
    {
        var before = Cpu();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return CpuCost.Between(before, Cpu()).PerSecond(clock.Elapsed.TotalSeconds);
    }

    private async Task<string> StartNodeAsync(IDictionary<string, string> settings)
    {
        var web = Path.Combine(RepoRoot(), "Crm.Web", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(web, "Crm.Web.dll")))
            throw new InvalidOperationException("Build the app first: dotnet build -c Release Crm.Web");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = Process.Start(AppProcess(web, settings, "--urls", $"http://127.0.0.1:{port}"))!;
        lock (processes) processes.Add(process);
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("fail", StringComparison.OrdinalIgnoreCase) == true) Console.Error.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        for (var i = 0; i < 1200 && !process.HasExited; i++)
        {
            try { if ((await http.GetAsync(url + "/healthz")).IsSuccessStatusCode) return url; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException(process.HasExited ? "Crm.Web exited while starting." : "Crm.Web did not start within two minutes.");
    }

    /// <summary>Runs Crm.Web once with a command line switch on the deployment's database (e.g. --rebuild-report-rollup) and returns what it printed.</summary>
    public async Task<string> RunCommandAsync(IDictionary<string, string> settings, params string[] args)
    {
        var web = Path.Combine(RepoRoot(), "Crm.Web", "bin", "Release", "net10.0");
        using var process = Process.Start(AppProcess(web, settings, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"Crm.Web {string.Join(' ', args)} failed: {await errors}");
        return await output;
    }

    private ProcessStartInfo AppProcess(string web, IDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(web, "Crm.Web.dll"), .. args])
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Production as shipped, logging included (it used to be turned down here, which hid a log line per request).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (Target.Postgres is null)
        {
            start.Environment["ConnectionStrings__Crm"] = ConnectionString;
            start.Environment["ConnectionStrings__Quartz"] = $"Data Source={Path.Combine(Folder, "quartz.db")}";
        }
        else
        {
            start.Environment["Crm__Db__Provider"] = SqlDialect.PostgresName;
            start.Environment["ConnectionStrings__Crm"] = ConnectionString;
        }
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        return start;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CrmSuite.sln not found above the bench binaries.");
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
            process.Dispose();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Target.Postgres is { } pg && database is not null) pg.DropDatabase(database);
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
