using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crm.Bench;

/// <summary>
/// `ingest`: signed Messenger webhooks from 64 concurrent senders for 15 s against the running app; reports acknowledged
/// messages per second and p50/p99 of the acknowledgement, then checks that every acknowledged message is stored exactly
/// once (1% of the posts are deliberate re-deliveries). Ceiling: the same server's bare GET /healthz, measured in the same run.
/// </summary>
public static class IngestBench
{
    private const string AppSecret = "bench-messenger-app-secret";
    private const string PageId = "104000000000001";
    private const long FirstPsid = 24_000_000_000_000_000;
    private const double TargetRate = 1000, TargetP99 = 100;

    public static async Task RunAsync(string[] args)
    {
        var senders = Arg(args, 0, 64);
        var seconds = Arg(args, 1, 15);
        var ceilingSeconds = Arg(args, 2, 5);
        using var app = await AppUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Channels:Messenger:AppSecret"] = AppSecret,
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
        });
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = senders * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None, UseProxy = false, AllowAutoRedirect = false,
        }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        var key = Encoding.UTF8.GetBytes(AppSecret);
        var healthz = new Uri(app.BaseUrl + "/healthz");
        var webhook = new Uri(app.BaseUrl + "/webhooks/messenger");

        // Warm-up (JIT, connection pool, SQLite page cache) with senders and mids of its own, kept apart in the check.
        Console.WriteLine($"Warming up ({senders} connections)...");
        await RunLoopsAsync(senders, 1, async (_, _) => (await http.GetAsync(healthz)).Dispose());
        var warm = await RunLoopsAsync(senders, 2, (s, n) => PostAsync(http, webhook, key, Body(FirstPsid + 1_000_000 + s, $"m_warmup_{s}_{n}", n)));
        Console.WriteLine($"  warm-up webhooks: {warm.Ok:N0} acknowledged, {warm.Failed:N0} not");

        Console.WriteLine($"Ceiling: {senders} loops GET /healthz for {ceilingSeconds} s...");
        var ceiling = await RunLoopsAsync(senders, ceilingSeconds, async (_, _) =>
        {
            using var response = await http.GetAsync(healthz);
            return response.StatusCode == HttpStatusCode.OK;
        });

        Console.WriteLine($"Ingest: {senders} senders POST signed /webhooks/messenger for {seconds} s (1% re-deliveries)...");
        var acked = new List<string>[senders];
        var dupMids = new List<string>[senders];
        var lastAcked = new (byte[] Body, string Mid)?[senders];
        int dupSent = 0, dupAcked = 0;
        var dupLatencies = new List<double>[senders];
        for (var s = 0; s < senders; s++) (acked[s], dupMids[s], dupLatencies[s]) = (new(4096), new(64), new(64));
        var ingest = await RunLoopsAsync(senders, seconds, async (s, n) =>
        {
            if (n % 100 == 99 && lastAcked[s] is { } again)
            {
                // A platform re-delivery: the exact bytes of an acknowledged message, again. Must be acknowledged, not stored twice.
                Interlocked.Increment(ref dupSent);
                var started = Stopwatch.GetTimestamp();
                if (await PostAsync(http, webhook, key, again.Body))
                {
                    dupLatencies[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    dupMids[s].Add(again.Mid);
                    Interlocked.Increment(ref dupAcked);
                }
                return null; // not a new message: neither counted nor timed with the ingest
            }
            var mid = $"m_bench_{s}_{n}";
            var body = Body(FirstPsid + s, mid, n);
            if (!await PostAsync(http, webhook, key, body)) return false;
            acked[s].Add(mid);
            lastAcked[s] = (body, mid);
            return true;
        });

        Console.WriteLine("Checking the stored messages...");
        var ackedMids = acked.SelectMany(a => a).ToHashSet();
        var check = Check(app.CrmDbPath, ackedMids, dupMids.SelectMany(d => d).ToHashSet());

        var ceilingRate = ceiling.Ok / ceiling.Seconds;
        var ingestRate = ingest.Ok / ingest.Seconds;
        var baseline = Latency.From("ceiling: GET /healthz", ceiling.Latencies);
        var latency = Latency.From("signed webhook -> 200", ingest.Latencies);
        var redelivery = Latency.From("re-delivery -> 200", dupLatencies.SelectMany(d => d));
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench ingest: {senders} Messenger senders for {ingest.Seconds:F1} s, ceiling {ceiling.Seconds:F1} s, {Environment.ProcessorCount} cores");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(baseline.Row(baseline));
        Console.WriteLine(latency.Row(baseline, TargetP99));
        Console.WriteLine(redelivery.Row(baseline));
        Console.WriteLine();
        Console.WriteLine("| measure                  | value        | target       | result |");
        Console.WriteLine("|--------------------------|-------------:|-------------:|--------|");
        Console.WriteLine($"| {"ceiling: /healthz",-24} | {ceilingRate,10:N0}/s | {"-",12} | {"-",-6} |");
        Console.WriteLine($"| {"ingest: acknowledged",-24} | {ingestRate,10:N0}/s | {$">= {TargetRate:N0}/s",12} | {Met(ingestRate >= TargetRate),-6} |");
        Console.WriteLine($"| {"ingest / ceiling",-24} | {ingestRate / ceilingRate,11:F3}x | {"-",12} | {"-",-6} |");
        Console.WriteLine($"| {"ingest p99",-24} | {latency.Percentile(99),9:F1} ms | {$"<= {TargetP99:F0} ms",12} | {Met(latency.Percentile(99) <= TargetP99),-6} |");
        Console.WriteLine($"| {"lost (acked, not found)",-24} | {check.Lost,12:N0} | {"0",12} | {Met(check.Lost == 0),-6} |");
        Console.WriteLine($"| {"stored, not acked",-24} | {check.Extra,12:N0} | {"0",12} | {Met(check.Extra == 0),-6} |");
        Console.WriteLine($"| {"re-deliveries stored 2x",-24} | {check.DuplicatesStoredTwice,12:N0} | {"0",12} | {Met(check.DuplicatesStoredTwice == 0 && dupSent == dupAcked),-6} |");
        Console.WriteLine();
        Console.WriteLine($"acknowledged: {ingest.Ok:N0} new messages + {dupAcked:N0}/{dupSent:N0} re-deliveries; not acknowledged: {ingest.Failed:N0} ({Describe(ingest.Failures)}); " +
            $"healthz not 200: {ceiling.Failed:N0} ({Describe(ceiling.Failures)})");
        Console.WriteLine($"stored: {check.Stored:N0} bench messages in `messages` (channel 'messenger'), {check.MaxCopies} copy at most per mid; " +
            $"{check.WarmupStored:N0} warm-up; {check.Conversations:N0} messenger conversations");
        Console.WriteLine($"the bench itself used {ceiling.ClientCpu:P0} of the {Environment.ProcessorCount} cores during the ceiling and {ingest.ClientCpu:P0} during the ingest");
    }

    /// <summary>Posts one signed body: X-Hub-Signature-256 = "sha256=" + lowercase hex HMAC-SHA256(app secret, exactly these bytes).</summary>
    private static async Task<bool> PostAsync(HttpClient http, Uri webhook, byte[] key, byte[] body)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, body, mac);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(mac));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        throw new StatusException(response.StatusCode);
    }

    /// <summary>One Messenger "page" webhook with one text message, as Crm.Tests/Channels/Payloads/messenger-inbound-text.json.</summary>
    private static byte[] Body(long psid, string mid, int n)
    {
        Span<byte> buffer = stackalloc byte[512];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (!Utf8.TryWrite(buffer, $$$"""{"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{now}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{now}}},"message":{"mid":"{{{mid}}}","text":"Hello, my order #{{{100000 + n}}} has not arrived yet"}}]}]}""", out var written))
            throw new InvalidOperationException("The webhook body outgrew its buffer.");
        return buffer[..written].ToArray();
    }

    private sealed record LoopResult(int Ok, int Failed, int Nulls, double Seconds, List<double> Latencies, Dictionary<string, int> Failures, double ClientCpu);

    /// <summary>
    /// <paramref name="loops"/> concurrent loops, each calling <paramref name="operation"/>(loop, n) until the time is up. True is
    /// counted and its latency kept, false or an exception is a failure (by kind), null is neither (counted apart).
    /// </summary>
    private static async Task<LoopResult> RunLoopsAsync(int loops, double seconds, Func<int, int, Task<bool?>> operation)
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

    private static Task<LoopResult> RunLoopsAsync(int loops, double seconds, Func<int, int, Task> operation) =>
        RunLoopsAsync(loops, seconds, async (l, n) => { await operation(l, n); return true; });

    private static Task<LoopResult> RunLoopsAsync(int loops, double seconds, Func<int, int, Task<bool>> operation) =>
        RunLoopsAsync(loops, seconds, async (l, n) => (bool?)await operation(l, n));

    private sealed record CheckResult(int Lost, int Extra, int DuplicatesStoredTwice, int Stored, long MaxCopies, int WarmupStored, long Conversations);

    /// <summary>Read-only, after the last acknowledgement: each acknowledged mid stored exactly once, nothing stored that was not acknowledged.</summary>
    private static CheckResult Check(string dbPath, HashSet<string> acked, HashSet<string> redelivered)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        c.Open();
        c.Execute("PRAGMA busy_timeout = 10000");
        var stored = c.Query<(string Mid, long Copies)>("""
            SELECT channel_message_id, COUNT(*) FROM messages
            WHERE channel = 'messenger' AND direction = 'in' AND channel_message_id IS NOT NULL
            GROUP BY channel_message_id
            """).ToDictionary(r => r.Mid, r => r.Copies);
        var bench = stored.Where(s => s.Key.StartsWith("m_bench_", StringComparison.Ordinal)).ToList();
        return new CheckResult(
            Lost: acked.Count(m => !stored.ContainsKey(m)),
            Extra: bench.Count(s => !acked.Contains(s.Key)) + bench.Where(s => s.Value > 1).Sum(s => (int)s.Value - 1),
            DuplicatesStoredTwice: redelivered.Count(m => stored.GetValueOrDefault(m) > 1),
            Stored: bench.Count,
            MaxCopies: bench.Count == 0 ? 0 : bench.Max(s => s.Value),
            WarmupStored: stored.Keys.Count(k => k.StartsWith("m_warmup_", StringComparison.Ordinal)),
            Conversations: c.ExecuteScalar<long>("SELECT COUNT(*) FROM conversations WHERE channel = 'messenger'"));
    }

    private sealed class StatusException(HttpStatusCode status) : Exception($"HTTP {(int)status}")
    {
        public HttpStatusCode Status { get; } = status;
    }

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static string Describe(Dictionary<string, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key}: {f.Value:N0}"));

    private static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
}
