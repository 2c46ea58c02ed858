using System.Globalization;

namespace Crm.Bench;

/// <summary>
/// `cluster`: in one run, `ingest` and `route` against SQLite (1 node), PostgreSQL with 1 node and PostgreSQL with N nodes (3 by
/// default), each deployment beside its own /healthz ceiling measured in the same run; prints one table of rates, latencies,
/// server CPU per message or chat (app processes + PostgreSQL server) as a multiple of one /healthz, and the exactly-once and
/// no-double-offer checks. PostgreSQL is a throwaway server of its own with fsync on.
/// </summary>
public static class ClusterBench
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Arg(args, 0, 10);
        var nodes = Arg(args, 1, 3);
        var senders = Arg(args, 2, 64);
        var agents = Arg(args, 3, 50);
        var rate = Arg(args, 4, 20);
        var ceilingSeconds = Arg(args, 5, 5);
        Console.WriteLine($"Crm.Bench cluster: {seconds} s per phase, ingest {senders} senders, route {agents} agents at {rate} chats/s, " +
            $"{nodes} nodes; {Machine.Describe()}");
        using var postgres = BenchPostgres.Start();
        BenchTarget[] targets = [BenchTarget.Sqlite, BenchTarget.OnPostgres(postgres, 1), BenchTarget.OnPostgres(postgres, nodes)];
        var rows = new List<string>();
        var loads = new List<double>();
        foreach (var target in targets)
        {
            loads.Add(Machine.LoadAverage());
            var ingest = await IngestBench.MeasureAsync(target, senders, seconds, ceilingSeconds);
            loads.Add(Machine.LoadAverage());
            rows.Add(IngestRow(ingest));
            var route = await RouteBench.MeasureAsync(target, agents, rate * seconds, rate, ceilingSeconds);
            loads.Add(Machine.LoadAverage());
            rows.Add(RouteRow(route));
        }
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench cluster: {Machine.Describe()}; 1-minute load average during the run {loads.Min():F1} to {loads.Max():F1}");
        Console.WriteLine("| target | bench | rate | /healthz ceiling | rate ÷ ceiling | p50 | p99 | p99 ÷ baseline " +
            "| server CPU per item (app + PostgreSQL) | ÷ CPU per /healthz | checks |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine("ingest: acknowledged new messages/s from signed Messenger webhooks, p50/p99 of the acknowledgement, p99 ÷ the ceiling's p99; " +
            "CPU per acknowledged webhook (re-deliveries included).");
        Console.WriteLine("route: chats offered/s (first chat sent to last offer pushed) at a fixed offered rate, p50/p99 message-in to offer-pushed, " +
            "p99 ÷ GET /api/auth/me's p99; CPU per chat from offer to Available again (offer, accept, end, wrap-up, Available).");
        Console.WriteLine("Server CPU: the app processes' plus the PostgreSQL server's over the phase, less the deployment's idle rate " +
            "(its CPU per second measured for 2 s just before the phase; the /healthz ceiling's likewise).");
        Console.WriteLine($"PostgreSQL logged {postgres.Errors:N0} errors during the run ({BenchPostgres.LogPath})" +
            string.Concat(postgres.ErrorKinds.Take(5).Select(e => $"; {e.Count} x {e.Message}")));
        Console.WriteLine("Requests go round robin over the nodes (no balancer). On a 2-core machine more nodes share the same cores: " +
            "compare the CPU per item and the checks, not the rates.");
    }

    private static string IngestRow(IngestBench.IngestResult r)
    {
        var ack = r.Acknowledgement;
        var check = r.Check;
        var checks = $"{(r.ExactlyOnce ? "exactly once" : "NOT EXACTLY ONCE")}: {r.Ingest.Ok:N0} acknowledged, lost {check.Lost}, " +
            $"stored unacknowledged {check.Extra}, re-deliveries stored twice {check.DuplicatesStoredTwice} of {r.DupAcked}/{r.DupSent}, " +
            $"not acknowledged {r.Ingest.Failed:N0}";
        return $"| {r.Target.Name} | ingest | {r.Rate:N0} msg/s | {r.Ceiling.Rate:N0}/s | {r.Rate / r.Ceiling.Rate:F2}x | {ack.Percentile(50):F1} ms | " +
            $"{ack.Percentile(99):F1} ms | {ack.Percentile(99) / r.Ceiling.Latency.Percentile(99):F1}x | " +
            $"{Cpu(r.Cpu.LessIdle(r.Idle, r.Ingest.Seconds), r.Ingest.Ok + r.DupAcked, r.Idle)} | " +
            $"{r.CpuMsPerMessage / r.Ceiling.CpuMsPerRequest:F1}x | {checks} |";
    }

    private static string RouteRow(RouteBench.RouteResult r)
    {
        var checks = $"{(r.Safe ? "safe" : "NOT SAFE")}: offers {r.Offered:N0}/{r.Chats:N0}, offered twice at once {r.DoubleOffers}, " +
            $"agents over capacity {r.OverCapacity}, wrapped up {r.Handled:N0}";
        var ceiling = r.Ceiling!;
        return $"| {r.Target.Name} | route | {r.RoutedRate:N0} chats/s | {ceiling.Rate:N0}/s | - | {r.Offer.Percentile(50):F1} ms | " +
            $"{r.Offer.Percentile(99):F1} ms | {r.Offer.Percentile(99) / r.Baseline.Percentile(99):F0}x | {Cpu(r.NetCpu, r.Handled, r.Idle)} | " +
            $"{r.CpuMsPerChat / ceiling.CpuMsPerRequest:F0}x | {checks} |";
    }

    private static string Cpu(CpuCost cpu, long items, CpuCost idle) => items == 0 ? "-" :
        $"{cpu.MsPer(items):F2} ms ({cpu.App.TotalMilliseconds / items:F2} + {cpu.Database.TotalMilliseconds / items:F2}; " +
        $"idle {idle.Total.TotalMilliseconds:F0} ms/s)";



    private static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
