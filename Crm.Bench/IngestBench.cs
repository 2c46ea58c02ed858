using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Dapper;

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
        var result = await MeasureAsync(BenchTarget.Sqlite, senders, seconds, ceilingSeconds);
        Print(result);
    }

    /// <summary>What one ingest run found on one target.</summary>
    public sealed record IngestResult(
        BenchTarget Target, int Senders, CpuCost Idle, Ceiling Ceiling, LoopResult Ingest, CpuCost Cpu,
        int DupSent, int DupAcked, List<double> DupLatencies, CheckResult Check)
    {
        public double Rate => Ingest.Ok / Ingest.Seconds;
        public Latency Acknowledgement => Latency.From("signed webhook -> 200", Ingest.Latencies);
        /// <summary>Server CPU per acknowledged webhook (re-deliveries included), less the idle rate measured just before the ingest.</summary>
        public double CpuMsPerMessage => Cpu.LessIdle(Idle, Ingest.Seconds).MsPer(Ingest.Ok + DupAcked);
        public bool ExactlyOnce => Check.Lost == 0 && Check.Extra == 0 && Check.DuplicatesStoredTwice == 0 && DupSent == DupAcked;
    }

    /// <summary>Starts the target, measures its /healthz ceiling, then the ingest, then checks the stored messages through its database.</summary>
    public static async Task<IngestResult> MeasureAsync(BenchTarget target, int senders, double seconds, double ceilingSeconds)
    {
        using var app = await AppUnderTest.StartAsync(target, new Dictionary<string, string>
        {
            ["Channels:Messenger:AppSecret"] = AppSecret,
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
        });
        using var http = Loops.Client(senders * 2);
        var key = Encoding.UTF8.GetBytes(AppSecret);
        var webhooks = app.NodeUrls.Select(u => new Uri(u + "/webhooks/messenger")).ToArray();
        Uri Webhook(int s, int n) => webhooks[(s + n) % webhooks.Length]; // round robin over the nodes, no balancer

        // Warm-up (JIT, connection pool, page cache) with senders and mids of its own, kept apart in the check.
        Console.WriteLine($"[{target.Name}] warming up ({senders} connections)...");
        var warm = await Loops.RunAsync(senders, 2, (s, n) => PostAsync(http, Webhook(s, n), key, Body(FirstPsid + 1_000_000 + s, $"m_warmup_{s}_{n}", n)));
        Console.WriteLine($"  warm-up webhooks: {warm.Ok:N0} acknowledged, {warm.Failed:N0} not");
        var (waited, settledIdle) = await app.SettleAsync();
        Console.WriteLine($"  settled after {waited:F0} s: idle {settledIdle.Total.TotalMilliseconds:F0} ms/s");

        Console.WriteLine($"[{target.Name}] ceiling: {senders} loops GET /healthz for {ceilingSeconds} s...");
        var ceiling = await Ceiling.MeasureAsync(app, http, senders, ceilingSeconds);

        Console.WriteLine($"[{target.Name}] ingest: {senders} senders POST signed /webhooks/messenger for {seconds} s (1% re-deliveries)...");
        var acked = new List<string>[senders];
        var dupMids = new List<string>[senders];
        var lastAcked = new (byte[] Body, string Mid)?[senders];
        int dupSent = 0, dupAcked = 0, posts = 0;
        var dupLatencies = new List<double>[senders];
        for (var s = 0; s < senders; s++) (acked[s], dupMids[s], dupLatencies[s]) = (new(4096), new(64), new(64));
        var idle = await app.IdleCpuAsync();
        var before = app.Cpu();
        var ingest = await Loops.RunAsync(senders, seconds, async (s, n) =>
        {
            if (Interlocked.Increment(ref posts) % 100 == 0 && lastAcked[s] is { } again)
            {
                // A platform re-delivery: the exact bytes of an acknowledged message, again (maybe to another node). Acknowledged, not stored twice.
                Interlocked.Increment(ref dupSent);
                var started = Stopwatch.GetTimestamp();
                if (await PostAsync(http, Webhook(s, n), key, again.Body))
                {
                    dupLatencies[s].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    dupMids[s].Add(again.Mid);
                    Interlocked.Increment(ref dupAcked);
                }
                return null; // not a new message: neither counted nor timed with the ingest
            }
            var mid = $"m_bench_{s}_{n}";
            var body = Body(FirstPsid + s, mid, n);
            if (!await PostAsync(http, Webhook(s, n), key, body)) return false;
            acked[s].Add(mid);
            lastAcked[s] = (body, mid);
            return true;
        });
        var cpu = CpuCost.Between(before, app.Cpu());

        Console.WriteLine($"[{target.Name}] checking the stored messages...");
        var ackedMids = acked.SelectMany(a => a).ToHashSet();
        await using var db = await app.OpenDatabaseAsync();
        var check = await CheckAsync(db, ackedMids, dupMids.SelectMany(d => d).ToHashSet());
        var redeliveries = dupLatencies.SelectMany(d => d).ToList();
        return new IngestResult(target, senders, idle, ceiling, ingest, cpu, dupSent, dupAcked, redeliveries, check);
    }

    private static void Print(IngestResult r)
    {
        var ceilingRate = r.Ceiling.Rate;
        var ingestRate = r.Rate;
        var baseline = r.Ceiling.Latency;
        var latency = r.Acknowledgement;
        var check = r.Check;
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench ingest: {r.Senders} Messenger senders for {r.Ingest.Seconds:F1} s, ceiling {r.Ceiling.Requests.Seconds:F1} s, " +
            $"{Environment.ProcessorCount} cores, {r.Target.Name}");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(baseline.Row(baseline));
        Console.WriteLine(latency.Row(baseline, TargetP99));
        Console.WriteLine(Latency.From("re-delivery -> 200", r.DupLatencies).Row(baseline));
        Console.WriteLine();
        Console.WriteLine("| measure                  | value        | target       | result |");
        Console.WriteLine("|--------------------------|-------------:|-------------:|--------|");
        Console.WriteLine($"| {"ceiling: /healthz",-24} | {ceilingRate,10:N0}/s | {"-",12} | {"-",-6} |");
        Console.WriteLine($"| {"ingest: acknowledged",-24} | {ingestRate,10:N0}/s | {$">= {TargetRate:N0}/s",12} | {Met(ingestRate >= TargetRate),-6} |");
        Console.WriteLine($"| {"ingest / ceiling",-24} | {ingestRate / ceilingRate,11:F3}x | {"-",12} | {"-",-6} |");
        var p99 = latency.Percentile(99);
        Console.WriteLine($"| {"ingest p99",-24} | {p99,9:F1} ms | {$"<= {TargetP99:F0} ms",12} | {Met(p99 <= TargetP99),-6} |");
        Console.WriteLine($"| {"server CPU / message",-24} | {r.CpuMsPerMessage,9:F3} ms | {"-",12} | {"-",-6} |");
        Console.WriteLine($"| {"CPU/msg ÷ CPU/healthz",-24} | {r.CpuMsPerMessage / r.Ceiling.CpuMsPerRequest,11:F1}x | {"-",12} | {"-",-6} |");
        Console.WriteLine($"| {"lost (acked, not found)",-24} | {check.Lost,12:N0} | {"0",12} | {Met(check.Lost == 0),-6} |");
        Console.WriteLine($"| {"stored, not acked",-24} | {check.Extra,12:N0} | {"0",12} | {Met(check.Extra == 0),-6} |");
        var twice = check.DuplicatesStoredTwice;
        Console.WriteLine($"| {"re-deliveries stored 2x",-24} | {twice,12:N0} | {"0",12} | {Met(twice == 0 && r.DupSent == r.DupAcked),-6} |");
        Console.WriteLine();
        Console.WriteLine($"acknowledged: {r.Ingest.Ok:N0} new messages + {r.DupAcked:N0}/{r.DupSent:N0} re-deliveries; " +
            $"not acknowledged: {r.Ingest.Failed:N0} " +
            $"({r.Ingest.DescribeFailures()}); healthz not 200: {r.Ceiling.Requests.Failed:N0} ({r.Ceiling.Requests.DescribeFailures()})");
        Console.WriteLine($"stored: {check.Stored:N0} bench messages in `messages` (channel 'messenger'), {check.MaxCopies} copy at most per mid; " +
            $"{check.WarmupStored:N0} warm-up; {check.Conversations:N0} messenger conversations");
        Console.WriteLine($"server CPU idle just before the ingest: {r.Idle.Total.TotalMilliseconds:F0} ms/s (before the ceiling " +
            $"{r.Ceiling.Idle.Total.TotalMilliseconds:F0} ms/s), taken out of these: during the ingest: app {r.Cpu.App.TotalSeconds:F1} s, " +
            $"database server {r.Cpu.Database.TotalSeconds:F1} s, idle included; during the ceiling {r.Ceiling.Cpu.Total.TotalSeconds:F1} s " +
            $"({r.Ceiling.CpuMsPerRequest:F3} ms per /healthz, idle out); 1-minute load average now {Machine.LoadAverage():F1}");
        Console.WriteLine($"the bench itself used {r.Ceiling.Requests.ClientCpu:P0} of the {Environment.ProcessorCount} cores during the ceiling " +
            $"and {r.Ingest.ClientCpu:P0} during the ingest");
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
        var text = $"Hello, my order #{100000 + n} has not arrived yet";
        var parties = $$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{now}}}""";
        var message = $$$"""{{{parties}}},"message":{"mid":"{{{mid}}}","text":"{{{text}}}"}}""";
        if (!Utf8.TryWrite(buffer, $$$"""{"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{now}}},"messaging":[{{{message}}}]}]}""", out var written))
            throw new InvalidOperationException("The webhook body outgrew its buffer.");
        return buffer[..written].ToArray();
    }

    public sealed record CheckResult(int Lost, int Extra, int DuplicatesStoredTwice, int Stored, long MaxCopies, int WarmupStored, long Conversations);

    /// <summary>After the last acknowledgement: each acknowledged mid stored exactly once, nothing stored that was not acknowledged.</summary>
    private static async Task<CheckResult> CheckAsync(DbConnection c, HashSet<string> acked, HashSet<string> redelivered)
    {
        var stored = (await c.QueryAsync<(string Mid, long Copies)>("""
            SELECT channel_message_id, COUNT(*) FROM messages
            WHERE channel = 'messenger' AND direction = 'in' AND channel_message_id IS NOT NULL
            GROUP BY channel_message_id
            """)).ToDictionary(r => r.Mid, r => r.Copies);
        var bench = stored.Where(s => s.Key.StartsWith("m_bench_", StringComparison.Ordinal)).ToList();
        return new CheckResult(
            Lost: acked.Count(m => !stored.ContainsKey(m)),
            Extra: bench.Count(s => !acked.Contains(s.Key)) + bench.Where(s => s.Value > 1).Sum(s => (int)s.Value - 1),
            DuplicatesStoredTwice: redelivered.Count(m => stored.GetValueOrDefault(m) > 1),
            Stored: bench.Count,
            MaxCopies: bench.Count == 0 ? 0 : bench.Max(s => s.Value),
            WarmupStored: stored.Keys.Count(k => k.StartsWith("m_warmup_", StringComparison.Ordinal)),
            Conversations: await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE channel = 'messenger'"));
    }

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
}
