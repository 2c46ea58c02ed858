using System.Diagnostics;
using System.Net;

namespace Crm.Bench;

/// <summary>What a set of closed loops did: counts, latencies of the successes, failures by kind, and the bench's own CPU share.</summary>
public sealed record LoopResult(int Ok, int Failed, int Nulls, double Seconds, List<double> Latencies, Dictionary<string, int> Failures, double ClientCpu)
{
    public string DescribeFailures() =>
        Failures.Count == 0 ? "none" : string.Join(", ", Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key}: {f.Value:N0}"));
}

/// <summary>An answer other than 200, counted as a failure of that status.</summary>
public sealed class StatusException(HttpStatusCode status) : Exception($"HTTP {(int)status}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>Server CPU spent on a phase: the app's processes and the database server's (zero for SQLite, inside the app).</summary>
public sealed record CpuCost(TimeSpan App, TimeSpan Database)
{
    public TimeSpan Total => App + Database;

    public static CpuCost Between((TimeSpan App, TimeSpan Database) before, (TimeSpan App, TimeSpan Database) after) =>
        new(after.App - before.App, after.Database - before.Database);

    public CpuCost PerSecond(double seconds) => new(App / seconds, Database / seconds);

    /// <summary>This phase's CPU less what the deployment spends idle (<paramref name="idlePerSecond"/>) over the phase's <paramref name="seconds"/>.</summary>
    public CpuCost LessIdle(CpuCost idlePerSecond, double seconds) =>
        new(Max0(App - idlePerSecond.App * seconds), Max0(Database - idlePerSecond.Database * seconds));

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    /// <summary>Milliseconds of server CPU per unit of work (NaN when nothing was done).</summary>
    public double MsPer(long units) => units == 0 ? double.NaN : Total.TotalMilliseconds / units;
}

public static class Loops
{
    /// <summary>
    /// <paramref name="loops"/> concurrent loops, each calling <paramref name="operation"/>(loop, n) until the time is up. True is
    /// counted and its latency kept, false or an exception is a failure (by kind), null is neither (counted apart).
    /// </summary>
    public static async Task<LoopResult> RunAsync(int loops, double seconds, Func<int, int, Task<bool?>> operation)
    {
        var latencies = new List<double>[loops];
        var failures = new Dictionary<string, int>[loops];
        var nulls = new int[loops];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(async () =>
        {
            var mine = latencies[loop] = new List<double>(32_768);
            var failed = failures[loop] = [];
            for (var n = 0; clock.Elapsed < until; n++)
            {
                var started = Stopwatch.GetTimestamp();
                string? failure = null;
                try
                {
                    switch (await operation(loop, n))
                    {
                        case true: mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds); break;
                        case false: failure = "not 200"; break;
                        case null: nulls[loop]++; break;
                    }
                }
                catch (StatusException e) { failure = $"{(int)e.Status}"; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException) { failure = e.GetType().Name; }
                if (failure is not null) failed[failure] = failed.GetValueOrDefault(failure) + 1;
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / elapsed / Environment.ProcessorCount;
        var all = new List<double>(latencies.Sum(l => l.Count));
        foreach (var l in latencies) all.AddRange(l);
        var byKind = failures.SelectMany(f => f).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        return new LoopResult(all.Count, byKind.Values.Sum(), nulls.Sum(), elapsed, all, byKind, clientCpu);
    }

    public static Task<LoopResult> RunAsync(int loops, double seconds, Func<int, int, Task> operation) =>
        RunAsync(loops, seconds, async (l, n) => { await operation(l, n); return true; });

    public static Task<LoopResult> RunAsync(int loops, double seconds, Func<int, int, Task<bool>> operation) =>
        RunAsync(loops, seconds, async (l, n) => (bool?)await operation(l, n));

    /// <summary>A client for many concurrent loops against every node of the app: no cookies, no proxy, connections kept.</summary>
    public static HttpClient Client(int connectionsPerNode) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connectionsPerNode, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None, UseProxy = false, AllowAutoRedirect = false,
    }) { Timeout = TimeSpan.FromSeconds(30) };
}

/// <summary>
/// The ceiling of a deployment: concurrent loops of a bare GET /healthz, round robin over its nodes, with the server CPU it took
/// (<see cref="Cpu"/>, idle included) and that CPU less the idle rate measured just before (<see cref="Idle"/>).
/// </summary>
public sealed record Ceiling(LoopResult Requests, Latency Latency, CpuCost Cpu, CpuCost Idle)
{
    public double Rate => Requests.Ok / Requests.Seconds;

    /// <summary>Server CPU per /healthz request, in milliseconds: the unit the benches divide their own cost by.</summary>
    public double CpuMsPerRequest => Cpu.LessIdle(Idle, Requests.Seconds).MsPer(Requests.Ok);

    public static async Task<Ceiling> MeasureAsync(AppUnderTest app, HttpClient http, int loops, double seconds)
    {
        var urls = app.NodeUrls.Select(u => new Uri(u + "/healthz")).ToArray();
        await Loops.RunAsync(loops, 1, async (l, n) => (await http.GetAsync(urls[(l + n) % urls.Length])).Dispose()); // warm-up
        await app.SettleAsync();
        var idle = await app.IdleCpuAsync();
        var before = app.Cpu();
        var result = await Loops.RunAsync(loops, seconds, async (l, n) =>
        {
            using var response = await http.GetAsync(urls[(l + n) % urls.Length]);
            return response.StatusCode == HttpStatusCode.OK;
        });
        var cpu = CpuCost.Between(before, app.Cpu());
        return new Ceiling(result, Latency.From("ceiling: GET /healthz", result.Latencies), cpu, idle);
    }
}
