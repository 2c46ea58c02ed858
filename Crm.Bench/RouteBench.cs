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

    public static async Task RunAsync(string[] args)
    {
        var result = await MeasureAsync(BenchTarget.Sqlite, agents: Arg(args, 0, 100), chats: Arg(args, 1, 5000), rate: Arg(args, 2, 200), ceilingSeconds: 5);
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench route: {result.Agents} agents, {result.Chats:N0} chats sent in {result.SendSeconds:F1} s " +
            $"({result.Chats / result.SendSeconds:F0}/s), {Environment.ProcessorCount} cores, {result.Target.Name}");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(result.Baseline.Row(result.Baseline));
        Console.WriteLine(result.Offer.Row(result.Baseline, 50));
        Console.WriteLine($"offers pushed: {result.Offered:N0}/{result.Chats:N0}; conversations offered to two agents at once: {result.DoubleOffers}; " +
            $"agents over capacity: {result.OverCapacity}; chats wrapped up: {result.Handled:N0}");
        Console.WriteLine($"server CPU per routed chat (offer, accept, end, wrap-up, Available): {result.CpuMsPerChat:F2} ms " +
            $"(app {result.Cpu.App.TotalSeconds:F1} s, database server {result.Cpu.Database.TotalSeconds:F1} s, " +
            $"idle afterwards {result.Idle.Total.TotalMilliseconds:F0} ms/s, not taken out), " +
            $"{result.CpuMsPerChat / result.Ceiling!.CpuMsPerRequest:F0}x the CPU of one /healthz " +
            $"({result.Ceiling.CpuMsPerRequest:F3} ms, {result.Ceiling.Rate:N0}/s)");
    }

    /// <summary>What one routing run found on one target.</summary>
    public sealed record RouteResult(
        BenchTarget Target, int Agents, int Chats, double SendSeconds, double RoutedSeconds, Latency Baseline, CpuCost Idle, Ceiling? Ceiling, Latency Offer,
        int Offered, CpuCost Cpu, int DoubleOffers, int OverCapacity, long Handled)
    {
        /// <summary>Chats offered per second, from the first chat sent to the last offer pushed.</summary>
        public double RoutedRate => Offered / RoutedSeconds;
        public double CpuMsPerChat => Cpu.MsPer(Handled);
        public bool Safe => DoubleOffers == 0 && OverCapacity == 0;
    }

    /// <summary>
    /// Starts the target, signs the agents in round robin over its nodes, measures the baselines (and, when asked, the
    /// /healthz ceiling), sends the chats (also round robin), waits for every offer and every chat's handling, and checks the stored history.
    /// </summary>
    public static async Task<RouteResult> MeasureAsync(BenchTarget target, int agents, int chats, int rate, double ceilingSeconds)
    {
        using var app = await AppUnderTest.StartAsync(target, new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
            ["Crm:Routing:AcceptanceSeconds"] = "60", ["Crm:Routing:PostProcessingSeconds"] = "300",
            ["Crm:Auth:LoginPermitsPerMinute"] = "100000", ["Crm:WebChat:RequestsPerMinute"] = "1000000",
        });
        Console.WriteLine($"[{target.Name}] creating {agents} agents...");
        var names = await CreateAgentsAsync(app, agents);
        var clients = await Task.WhenAll(names.Select((n, i) => SignInAsync(app, n, node: i)));
        try
        {
            var baseline = new Latency("baseline: GET /api/auth/me");
            await baseline.MeasureAsync(3000, async i => (await clients[i % clients.Length].GetAsync("/api/auth/me")).EnsureSuccessStatusCode());
            Ceiling? ceiling = null;
            if (ceilingSeconds > 0)
            {
                Console.WriteLine($"[{target.Name}] ceiling: 64 loops GET /healthz for {ceilingSeconds} s...");
                using var loops = Loops.Client(128);
                ceiling = await Ceiling.MeasureAsync(app, loops, 64, ceilingSeconds);
            }

            Console.WriteLine($"[{target.Name}] creating {chats:N0} web chat sessions...");
            using var visitor = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
            var sessions = new (string Node, string Id)[chats];
            await Parallel.ForEachAsync(Enumerable.Range(0, chats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var node = app.NodeUrl(i);
                using var response = await visitor.PostAsJsonAsync($"{node}/api/webchat/sessions", new StartWebChat { Name = $"Visitor {i}" }, ct);
                sessions[i] = (node, (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<WebChatSession>(Json, ct))!.SessionId);
            });

            var sentAt = new ConcurrentDictionary<long, long>();      // message id -> when its POST started
            var offeredAt = new ConcurrentDictionary<long, double>(); // message id -> ms until the offer arrived
            var handling = new ConcurrentBag<Task>();
            using var stop = new CancellationTokenSource();
            var work = clients.Select(c => AgentAsync(c, sentAt, offeredAt, handling, stop.Token)).ToList();
            await Task.Delay(1000); // streams connected

            Console.WriteLine($"[{target.Name}] sending {chats:N0} chats at {rate}/s to {agents} agents...");
            var before = app.Cpu();
            var first = Stopwatch.GetTimestamp();
            var clock = Stopwatch.StartNew();
            var sends = new List<Task>(chats);
            for (var i = 0; i < chats; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
                var (node, session) = sessions[i];
                sends.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var hello = new SendWebChatMessage { Text = "Hello, I need help" };
                    var response = await visitor.PostAsJsonAsync($"{node}/api/webchat/sessions/{session}/messages", hello);
                    var message = (await response.Content.ReadFromJsonAsync<WebChatMessage>(Json))!;
                    sentAt[message.Id] = started;
                }));
            }
            await Task.WhenAll(sends);
            var sendSeconds = clock.Elapsed.TotalSeconds;
            // However slow the machine, wait while offers keep coming; give up after 30 s without a new one.
            var seen = -1;
            var quiet = Stopwatch.StartNew();
            while (offeredAt.Count < chats && quiet.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (offeredAt.Count != seen)
                {
                    seen = offeredAt.Count;
                    quiet.Restart();
                }
                await Task.Delay(100);
            }
            stop.Cancel();
            await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { })));
            await Task.WhenAll(handling.Select(t => t.ContinueWith(_ => { }))); // every chat's accept, end, wrap-up and Available answered
            var cpu = CpuCost.Between(before, app.Cpu());
            var lastOffer = offeredAt.IsEmpty ? first : offeredAt.Max(o => sentAt[o.Key] + (long)(o.Value * Stopwatch.Frequency / 1000));
            var routedSeconds = Math.Max(Stopwatch.GetElapsedTime(first, lastOffer).TotalSeconds, 1e-3);

            await using var db = await app.OpenDatabaseAsync();
            var (doubleOffers, overCapacity, handled) = await CheckAsync(db);
            // Idle measured last, once compiled and settled (right after the warm-up it still holds background JIT work).
            var idle = await app.IdleCpuAsync();
            var offer = Latency.From("message-in to offer-pushed", offeredAt.Values);
            return new RouteResult(target, agents, chats, sendSeconds, routedSeconds, baseline, idle, ceiling, offer,
                offeredAt.Count, cpu, doubleOffers, overCapacity, handled);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>A bot agent: takes each offer from its event stream, then accepts, ends, wraps up and goes Available again.</summary>
    private static async Task AgentAsync(
        HttpClient agent, ConcurrentDictionary<long, long> sentAt, ConcurrentDictionary<long, double> offeredAt, ConcurrentBag<Task> handling,
        CancellationToken ct)
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
                    var offer = JsonSerializer.Deserialize<OfferDto>(line[6..], Json)!;
                    var messageId = offer.Transcript[0].Id;
                    for (var i = 0; i < 100 && !sentAt.ContainsKey(messageId); i++) await Task.Delay(1, ct); // the POST's answer may still be on its way
                    if (sentAt.TryGetValue(messageId, out var started))
                        offeredAt.TryAdd(messageId, Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                    handling.Add(HandleAsync(agent, offer.ConversationId));
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

    private static async Task<(int DoubleOffers, int OverCapacity, long Handled)> CheckAsync(DbConnection c)
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

    private static async Task<List<string>> CreateAgentsAsync(AppUnderTest app, int count)
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
