using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceModel;
using Dapper;

namespace Crm.Bench;

/// <summary>
/// `route`: 100 agents on live event streams, web chats arriving at a fixed rate; reports message-in to offer-pushed
/// (the customer's POST starting to the offer event reaching an agent's SSE stream), and checks that no chat was offered
/// twice at once and no agent ever held more chats than their capacity. Baseline: GET /api/auth/me in the same run.
/// </summary>
public static class RouteBench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const double TargetP99 = 50;

    /// <summary>
    /// `route [agents=100] [seconds-per-step=5] [first-rate=25]`: one deployment, a warm-up, the /healthz ceiling, then a step search
    /// for the highest chat rate whose offer p99 stays under 50 ms: doubling from the first rate until a step misses, then two
    /// halvings of the gap between the last step met and the first missed (halving down from the first rate when it misses).
    /// Every step prints its CPU per chat ÷ CPU per /healthz.
    /// </summary>
    public static async Task RunAsync(string[] args)
    {
        var agents = Arg(args, 0, 100);
        var seconds = Arg(args, 1, 5);
        var firstRate = Arg(args, 2, 25);
        Console.WriteLine($"Crm.Bench route: {agents} agents, {seconds} s per step; {Machine.Describe()}");
        await using var session = await RouteSession.StartAsync(BenchTarget.Sqlite, agents, ceilingSeconds: 5);
        var steps = new List<RouteResult>();
        async Task<RouteResult> Step(int rate)
        {
            var result = await session.PhaseAsync(rate * seconds, rate);
            steps.Add(result);
            Console.WriteLine($"  step {rate}/s: {Describe(result)}");
            return result;
        }
        int met = 0, missed = 0;
        for (var rate = firstRate; rate <= 3200; rate *= 2)
        {
            if (Sustained(await Step(rate))) met = rate;
            else { missed = rate; break; }
        }
        for (var rate = firstRate / 2; met == 0 && rate >= 2; rate /= 2) // the first step missed: halve until one is met
        {
            if (Sustained(await Step(rate))) met = rate;
            else missed = rate;
        }
        for (var i = 0; i < 2 && met > 0 && missed > 0 && missed - met > 5; i++)
        {
            var rate = (met + missed) / 2;
            if (Sustained(await Step(rate))) met = rate; else missed = rate;
        }

        var ceiling = session.Ceiling!;
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench route: {agents} agents; {Machine.Describe()}");
        Console.WriteLine($"ceiling: GET /healthz {ceiling.Rate:N0}/s, {ceiling.CpuMsPerRequest:F3} ms CPU each " +
            $"(idle {ceiling.Idle.Total.TotalMilliseconds:F0} ms/s taken out); " +
            $"baseline GET /api/auth/me p50 {session.Baseline.Percentile(50):F2} ms, p99 {session.Baseline.Percentile(99):F2} ms");
        Console.WriteLine("| offered rate | chats | offered at | p50 | p99 | p99 < 50 ms | CPU per chat | ÷ CPU per /healthz | idle taken out " +
            "| load avg | checks |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|");
        foreach (var r in steps.OrderBy(r => r.Rate))
            Console.WriteLine($"| {r.Rate}/s | {r.Chats:N0} | {r.RoutedRate:F0}/s | {r.Offer.Percentile(50):F1} ms | {r.Offer.Percentile(99):F1} ms | " +
                $"{(Sustained(r) ? "met" : "MISSED")} | {r.CpuMsPerChat:F2} ms | {r.CpuMsPerChat / ceiling.CpuMsPerRequest:F0}x | " +
                $"{r.Idle.Total.TotalMilliseconds:F0} ms/s | {r.LoadAverage:F1} | {Checks(r)} |");
        Console.WriteLine(met > 0
            ? $"highest sustained rate (offer p99 < {TargetP99} ms, every chat offered): {met} chats/s" + (missed > 0 ? $"; missed at {missed}/s" : "")
            : $"no step met offer p99 < {TargetP99} ms; the lowest tried was {steps.Min(r => r.Rate)}/s");
        Console.WriteLine("CPU per chat: the app's CPU from the first chat sent to the last chat back Available (offer, accept, end, wrap-up, Available), " +
            "less its idle rate measured for 2 s just before the step, divided by the chats wrapped up in the step.");
    }

    private static bool Sustained(RouteResult r) => r.Offered == r.Chats && r.Offer.Percentile(99) < TargetP99;

    private static string Describe(RouteResult r) =>
        $"offered {r.Offered:N0}/{r.Chats:N0} at {r.RoutedRate:F0}/s, p50 {r.Offer.Percentile(50):F1} ms, p99 {r.Offer.Percentile(99):F1} ms, " +
        $"CPU {r.CpuMsPerChat:F2} ms per chat ({r.CpuMsPerChat / r.Ceiling!.CpuMsPerRequest:F0}x /healthz), load average {r.LoadAverage:F1}, {Checks(r)}";

    private static string Checks(RouteResult r) =>
        $"{(r.Safe ? "safe" : "NOT SAFE")}: {r.DoubleOffers} offered twice at once, {r.OverCapacity} agents over capacity, {r.Handled:N0} wrapped up";

    /// <summary>What one routing phase found on one target.</summary>
    public sealed record RouteResult(
        BenchTarget Target, int Agents, int Rate, int Chats, double SendSeconds, double RoutedSeconds, double PhaseSeconds, Latency Baseline, CpuCost Idle,
        Ceiling? Ceiling, Latency Offer, int Offered, CpuCost Cpu, int DoubleOffers, int OverCapacity, long Handled, double LoadAverage)
    {
        /// <summary>Chats offered per second, from the first chat sent to the last offer pushed.</summary>
        public double RoutedRate => Offered / RoutedSeconds;
        /// <summary>The phase's CPU less the idle rate measured just before it.</summary>
        public CpuCost NetCpu => Cpu.LessIdle(Idle, PhaseSeconds);
        public double CpuMsPerChat => NetCpu.MsPer(Handled);
        public bool Safe => DoubleOffers == 0 && OverCapacity == 0;
    }

    /// <summary>One deployment, a warm-up of 100 chats, then <paramref name="chats"/> at <paramref name="rate"/> per second (for `cluster`).</summary>
    public static async Task<RouteResult> MeasureAsync(BenchTarget target, int agents, int chats, int rate, double ceilingSeconds)
    {
        await using var session = await RouteSession.StartAsync(target, agents, ceilingSeconds);
        return await session.PhaseAsync(chats, rate);
    }

    /// <summary>A bot agent: takes each offer from its event stream, then accepts, ends, wraps up and goes Available again.</summary>
    internal static async Task AgentAsync(HttpClient agent, Func<RouteSession.Phase> phase, CancellationToken ct)
    {
        try
        {
            using var stream = await agent.GetStreamAsync("/api/events", ct);
            using var reader = new StreamReader(stream);
            string? eventName = null;
            while (!ct.IsCancellationRequested && await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "offer")
                {
                    var arrived = Stopwatch.GetTimestamp();
                    var now = phase();
                    var offer = JsonSerializer.Deserialize<OfferDto>(line[6..], Json)!;
                    var messageId = offer.Transcript[0].Id;
                    for (var i = 0; i < 100 && !now.SentAt.ContainsKey(messageId); i++) await Task.Delay(1, ct); // the POST's answer may still be on its way
                    if (now.SentAt.TryGetValue(messageId, out var started))
                        now.OfferedAt.TryAdd(messageId, Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                    now.Handling.Add(HandleAsync(agent, offer.ConversationId));
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }

    private static async Task HandleAsync(HttpClient agent, long id)
    {
        (await agent.PostAsync($"/api/conversations/{id}/accept", null)).EnsureSuccessStatusCode();
        (await agent.PostAsync($"/api/conversations/{id}/end", null)).EnsureSuccessStatusCode();
        (await agent.PostAsJsonAsync($"/api/conversations/{id}/wrapup", new WrapUpConversation { ReasonIds = [1] })).EnsureSuccessStatusCode();
        (await agent.PutAsJsonAsync("/api/agents/me/state", new SetAgentState { State = "Available" })).EnsureSuccessStatusCode();
    }

    internal static async Task<(int DoubleOffers, int OverCapacity, long Handled)> CheckAsync(DbConnection c)
    {
        var parts = (await c.QueryAsync<(long ConversationId, long AgentId, long OfferedAt, long? EndedAt, long Capacity)>("""
            SELECT p.conversation_id, p.agent_id, p.offered_at, p.ended_at, COALESCE(a.capacity, 1)
            FROM participations p LEFT JOIN agent_profiles a ON a.user_id = p.agent_id
            """)).ToList();
        var doubles = parts.GroupBy(p => p.ConversationId).Count(g => MaxOverlap(g.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue))) > 1);
        var over = parts.GroupBy(p => p.AgentId).Count(g => MaxOverlap(g.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue))) > g.First().Capacity);
        return (doubles, over, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM participations WHERE state = 'Done'"));
    }

    private static int MaxOverlap(IEnumerable<(long Start, long End)> intervals)
    {
        int open = 0, most = 0;
        foreach (var (_, delta) in intervals.SelectMany(i => new[] { (i.Start, 1), (i.End, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2))
            most = Math.Max(most, open += delta);
        return most;
    }

    internal static async Task<List<string>> CreateAgentsAsync(AppUnderTest app, int count)
    {
        using var admin = await SignInAsync(app, "admin");
        var names = Enumerable.Range(1, count).Select(i => $"bench{i}").ToList();
        foreach (var name in names)
        {
            var user = new CreateUser { UserName = name, DisplayName = $"Bench {name}", Password = "bench-password", Roles = [Roles.Agent] };
            (await admin.PostAsJsonAsync("/api/users", user)).EnsureSuccessStatusCode();
        }
        // Straight into the database (on PostgreSQL, the one every node reads): profiles, membership and skills of the bench agents.
        await using var c = await app.OpenDatabaseAsync();
        await c.ExecuteAsync("""
            INSERT INTO agent_profiles (user_id, capacity, can_reject) SELECT id, 1 + id % 3, 1 FROM users WHERE user_name LIKE 'bench%';
            INSERT INTO queue_members (queue_id, user_id) SELECT q.id, u.id FROM queues q, users u WHERE q.name = 'Support' AND u.user_name LIKE 'bench%';
            INSERT INTO agent_skills (user_id, skill_id) SELECT u.id, s.id FROM users u, skills s WHERE s.name = 'Technical' AND u.user_name LIKE 'bench%';
            """);
        foreach (var name in names)
        {
            using var agent = await SignInAsync(app, name);
            (await agent.PutAsJsonAsync("/api/agents/me/state", new SetAgentState { State = "Available" })).EnsureSuccessStatusCode();
        }
        return names;
    }

    /// <summary>A signed-in client bound to node <paramref name="node"/> (round robin): its desktop stream and its actions go there.</summary>
    internal static async Task<HttpClient> SignInAsync(AppUnderTest app, string user, int connections = 16, int node = 0)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = connections })
            { BaseAddress = new Uri(app.NodeUrl(node)), Timeout = Timeout.InfiniteTimeSpan };
        (await client.PostAsJsonAsync("/api/auth/login", new Login { UserName = user, Password = "bench-password" })).EnsureSuccessStatusCode();
        return client;
    }

    internal static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
}
