using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for this test run (Debian's postgresql package): its own data folder and port, started on first
/// use and stopped when the test process ends. Every test folder gets a database of its own on it.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process process;

    private PostgresServer(Process process, int port, string folder) => (this.process, Port, Folder) = (process, port, folder);

    public static PostgresServer Instance => Shared.Value;

    public int Port { get; }

    public string Folder { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "crm", Database = database, MaxPoolSize = 40 }.ToString();

    /// <summary>A new database, empty or a copy of <paramref name="template"/>; the name is the caller's, so a second app on the same
    /// test folder is a restart.</summary>
    public void CreateDatabase(string name, string? template = null)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{(template is null ? "" : $" TEMPLATE \"{template}\"")}", connection);
        command.ExecuteNonQuery();
    }

    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException(
                "PostgreSQL is not installed: the tests on PostgreSQL need Debian's postgresql package (./test.sh installs it).");
        RemoveOrphans();
        var folder = Directory.CreateTempSubdirectory("crm-pg-").FullName;
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString());
        var data = Path.Combine(folder, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres", folder); // initdb refuses to run as root; the server runs as Debian's postgres user
        RunAs(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "crm", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        var port = FreePort();
        // Durability is the server's business in production; a test server that loses everything on a crash is the point.
        string[] postgres = [Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(), "-k", folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=600", "-c", "shared_buffers=128MB", "-c", "log_min_messages=warning", "-c", "log_min_error_statement=error"];
        // The test host may end without running its exit handlers (vstest stops it): a watchdog stops the server and deletes its folder then.
        var watchdog = $"\"$@\" & pg=$!; while [ -d /proc/{Environment.ProcessId} ] && kill -0 $pg 2>/dev/null; do sleep 1; done; "
            + $"kill -INT $pg; wait $pg; rm -rf '{folder}'";
        var start = StartInfo(asRoot, "/bin/sh", ["-c", watchdog, "postgres-watchdog", .. postgres]);
        var process = Process.Start(start)!;
        // The server's log (every failed statement with its SQL) is kept beside the data until the run ends, for a failing test.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(Path.GetTempPath(), "crm-test-postgres.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresServer(process, port, folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
                connection.Open();
                return server;
            }
            catch (Exception) when (ready.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited) { Thread.Sleep(100); }
        }
    }

    // A test run killed outright leaves its server behind: stop those whose test process is gone, and delete their folders.
    private static void RemoveOrphans()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "crm-pg-*"))
        {
            try
            {
                var owner = Path.Combine(folder, "owner.pid");
                if (File.Exists(owner) && IsRunning(int.Parse(File.ReadAllText(owner)))) continue;
                var postmaster = Path.Combine(folder, "data", "postmaster.pid");
                if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).First(), out var pid) && IsRunning(pid))
                    Process.GetProcessById(pid).Kill();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception) { /* another run's, or already gone */ }
        }
    }

    private static bool IsRunning(int pid)
    {
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private void Stop()
    {
        try
        {
            if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(10_000); } // runuser and the server under it
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception) { /* the temp folder goes with the machine */ }
    }

    private static ProcessStartInfo StartInfo(bool asRoot, string file, params string[] args)
    {
        var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    private static void RunAs(bool asRoot, string file, params string[] args) => Run(StartInfo(asRoot, file, args));

    private static void Run(string file, params string[] args) => Run(StartInfo(false, file, args));

    private static void Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed: {error}{output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Which database the integration tests run on: SQLite files, or PostgreSQL when CRM_TEST_DB=postgres.</summary>
public static class TestDb
{
    public static bool Postgres { get; } = Environment.GetEnvironmentVariable("CRM_TEST_DB") == "postgres";
}
