using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Crm.Bench;

/// <summary>
/// A throwaway PostgreSQL server for one bench run (Debian's postgresql package, as Crm.Tests' PostgresServer): its own data
/// folder and port, a database per deployment, stopped and deleted on Dispose. Unlike the tests' server, fsync stays on:
/// the bench measures durable writes, as SQLite's synchronous=FULL does.
/// </summary>
public sealed class BenchPostgres : IDisposable
{
    private readonly Process process;
    private readonly string pgCtl;
    private readonly bool asRoot;
    private readonly ConcurrentDictionary<string, int> errors = new();
    private int disposed;

    public static string LogPath { get; } = Path.Combine(Path.GetTempPath(), "crm-bench-postgres.log");

    /// <summary>How many ERROR lines the server has logged so far (failed statements of any client).</summary>
    public int Errors => errors.Values.Sum();

    /// <summary>The server's error messages so far, the most frequent first, with how often each was logged.</summary>
    public IEnumerable<(string Message, int Count)> ErrorKinds => errors.OrderByDescending(e => e.Value).Select(e => (e.Key, e.Value));

    private BenchPostgres(Process process, string bin, bool asRoot, int port, string folder) =>
        (this.process, pgCtl, this.asRoot, Port, Folder) = (process, Path.Combine(bin, "pg_ctl"), asRoot, port, folder);

    public int Port { get; }

    public string Folder { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "crm", Database = database, MaxPoolSize = 100 }.ToString();

    public void CreateDatabase(string name) => Execute($"CREATE DATABASE \"{name}\"");

    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>CPU used so far by the server: the postmaster, its live backends, and (through the postmaster) those that exited.</summary>
    public TimeSpan Cpu()
    {
        var postmaster = File.ReadLines(Path.Combine(Folder, "data", "postmaster.pid")).First();
        return ProcCpu.Tree(int.Parse(postmaster));
    }

    public static BenchPostgres Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL is not installed: `cluster` needs Debian's postgresql package (apt-get install postgresql).");
        var folder = Directory.CreateTempSubdirectory("crm-bench-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run(StartInfo(false, "chown", "postgres", folder)); // initdb refuses to run as root; the server runs as Debian's postgres user
        Run(StartInfo(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "crm", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"));
        var port = FreePort();
        // fsync and synchronous_commit keep their defaults (on): an acknowledged write is on disk, as with SQLite here.
        var start = StartInfo(asRoot, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(), "-k", folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400", "-c", "shared_buffers=128MB", "-c", "log_min_messages=warning",
            "-c", "log_min_error_statement=error");
        var process = Process.Start(start)!;
        var server = new BenchPostgres(process, bin, asRoot, port, folder);
        // The server's log goes to a file that outlives the run; the bench reports how many errors it holds.
        var log = TextWriter.Synchronized(new StreamWriter(LogPath) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            log.WriteLine(e.Data);
            var error = e.Data.IndexOf("ERROR:", StringComparison.Ordinal);
            if (error >= 0) server.errors.AddOrUpdate(e.Data[(error + 6)..].Trim(), 1, (_, n) => n + 1);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose(); // Ctrl-C or an exception must not leave it running
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                server.Execute("SELECT 1");
                return server;
            }
            catch (Exception) when (ready.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited) { Thread.Sleep(100); }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        // pg_ctl as the server's own user: a fast shutdown of the postmaster and every backend, then the runuser wrapper ends.
        try { Run(StartInfo(asRoot, pgCtl, "-D", Path.Combine(Folder, "data"), "stop", "-m", "fast", "-w")); }
        catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); }
        if (!process.HasExited && !process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static ProcessStartInfo StartInfo(bool asRoot, string file, params string[] args)
    {
        var start = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

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
