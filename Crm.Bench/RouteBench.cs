using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceModel;
using Dapper;
using Microsoft.Data.Sqlite;

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
        var agents = Arg(args, 0, 100);
        var chats = Arg(args, 1, 5000);
        var rate = Arg(args, 2, 200);
        using var app = await AppUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
            ["Crm:Routing:AcceptanceSeconds"] = "60", ["Crm:Routing:PostProcessingSeconds"] = "300",
            ["Crm:Auth:LoginPermitsPerMinute"] = "100000", ["Crm:WebChat:RequestsPerMinute"] = "1000000",
        });
        var names = await CreateAgentsAsync(app, agents);
        var clients = await Task.WhenAll(names.Select(n => SignInAsync(app, n)));

        var baseline = new Latency("baseline: GET /api/auth/me");
        await baseline.MeasureAsync(3000, async i => (await clients[i % clients.Length].GetAsync("/api/auth/me")).EnsureSuccessStatusCode());

        Console.WriteLine($"Creating {chats:N0} web chat sessions...");
        using var visitor = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(app.BaseUrl) };
        var sessions = new string[chats];
        await Parallel.ForEachAsync(Enumerable.Range(0, chats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            sessions[i] = (await (await visitor.PostAsJsonAsync("/api/webchat/sessions", new StartWebChat { Name = $"Visitor {i}" }, ct))
                .Content.ReadFromJsonAsync<WebChatSession>(Json, ct))!.SessionId);

        var sentAt = new ConcurrentDictionary<long, long>();      // message id -> when its POST started
        var offeredAt = new ConcurrentDictionary<long, double>(); // message id -> ms until the offer arrived
        using var stop = new CancellationTokenSource();
        var work = clients.Select(c => AgentAsync(c, sentAt, offeredAt, stop.Token)).ToList();
        await Task.Delay(1000); // streams connected

        Console.WriteLine($"Sending {chats:N0} chats at {rate}/s to {agents} agents...");
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(chats);
        for (var i = 0; i < chats; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var session = sessions[i];
            sends.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var response = await visitor.PostAsJsonAsync($"/api/webchat/sessions/{session}/messages", new SendWebChatMessage { Text = "Hello, I need help" });
                var message = (await response.Content.ReadFromJsonAsync<WebChatMessage>(Json))!;
                sentAt[message.Id] = started;
            }));
        }
        await Task.WhenAll(sends);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (offeredAt.Count < chats && DateTime.UtcNow < deadline) await Task.Delay(100);
        stop.Cancel();
        await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { })));

        var latency = Latency.From("message-in to offer-pushed", offeredAt.Values);
        var (doubleOffers, overCapacity, handled) = Check(app.CrmDbPath);
        Console.WriteLine();
        Console.WriteLine($"Crm.Bench route: {agents} agents, {chats:N0} chats sent in {sendSeconds:F1} s ({chats / sendSeconds:F0}/s), {Environment.ProcessorCount} cores");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(baseline.Row(baseline));
        Console.WriteLine(latency.Row(baseline, 50));
        Console.WriteLine($"offers pushed: {offeredAt.Count:N0}/{chats:N0}; conversations offered to two agents at once: {doubleOffers}; agents over capacity: {overCapacity}; chats wrapped up: {handled:N0}");
    }

    /// <summary>A bot agent: takes each offer from its event stream, then accepts, ends, wraps up and goes Available again.</summary>
    private static async Task AgentAsync(HttpClient agent, ConcurrentDictionary<long, long> sentAt, ConcurrentDictionary<long, double> offeredAt, CancellationToken ct)
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
                    _ = HandleAsync(agent, offer.ConversationId);
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

    private static (int DoubleOffers, int OverCapacity, long Handled) Check(string dbPath)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        var parts = c.Query<(long ConversationId, long AgentId, long OfferedAt, long? EndedAt, long Capacity)>("""
            SELECT p.conversation_id, p.agent_id, p.offered_at, p.ended_at, COALESCE(a.capacity, 1)
            FROM participations p LEFT JOIN agent_profiles a ON a.user_id = p.agent_id
            """).ToList();
        var doubles = parts.GroupBy(p => p.ConversationId).Count(g => MaxOverlap(g.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue))) > 1);
        var over = parts.GroupBy(p => p.AgentId).Count(g => MaxOverlap(g.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue))) > g.First().Capacity);
        return (doubles, over, c.ExecuteScalar<long>("SELECT COUNT(*) FROM participations WHERE state = 'Done'"));
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
            (await admin.PostAsJsonAsync("/api/users", new CreateUser { UserName = name, DisplayName = $"Bench {name}", Password = "bench-password", Roles = [Roles.Agent] })).EnsureSuccessStatusCode();
        using var c = new SqliteConnection($"Data Source={app.CrmDbPath}");
        c.Execute("""
            PRAGMA busy_timeout = 10000;
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

    internal static async Task<HttpClient> SignInAsync(AppUnderTest app, string user, int connections = 16)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = connections })
            { BaseAddress = new Uri(app.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };
        (await client.PostAsJsonAsync("/api/auth/login", new Login { UserName = user, Password = "bench-password" })).EnsureSuccessStatusCode();
        return client;
    }

    internal static int Arg(string[] args, int index, int fallback) => args.Length > index ? int.Parse(args[index]) : fallback;
}
