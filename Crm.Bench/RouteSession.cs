using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceModel;

namespace Crm.Bench;

/// <summary>
/// One routing deployment kept across phases: the app, its bot agents on live event streams, the /auth/me baseline and the
/// /healthz ceiling. Each phase sends web chats at a fixed rate and waits until every chat is offered and handled.
/// </summary>
public sealed class RouteSession : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AppUnderTest app;
    private readonly HttpClient[] clients;
    private readonly HttpClient visitor = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> agentLoops = [];
    private volatile Phase current = new();
    private long handledBefore;

    private RouteSession(AppUnderTest app, HttpClient[] clients, Latency baseline) => (this.app, this.clients, Baseline) = (app, clients, baseline);

    public Latency Baseline { get; }
    public Ceiling? Ceiling { get; private set; }

    /// <summary>What the bot agents report back for the phase in progress.</summary>
    internal sealed class Phase
    {
        public ConcurrentDictionary<long, long> SentAt { get; } = new();      // message id -> when its POST started
        public ConcurrentDictionary<long, double> OfferedAt { get; } = new(); // message id -> ms until the offer arrived
        public ConcurrentBag<Task> Handling { get; } = [];
    }

    /// <summary>Starts the target, signs the agents in round robin over its nodes, measures the baseline, warms up, then the ceiling.</summary>
    public static async Task<RouteSession> StartAsync(BenchTarget target, int agents, double ceilingSeconds)
    {
        var app = await AppUnderTest.StartAsync(target, new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
            ["Crm:Routing:AcceptanceSeconds"] = "60", ["Crm:Routing:PostProcessingSeconds"] = "300",
            ["Crm:Auth:LoginPermitsPerMinute"] = "100000", ["Crm:WebChat:RequestsPerMinute"] = "1000000",
        });
        try
        {
            Console.WriteLine($"[{target.Name}] creating {agents} agents...");
            var names = await RouteBench.CreateAgentsAsync(app, agents);
            var clients = await Task.WhenAll(names.Select((n, i) => RouteBench.SignInAsync(app, n, node: i)));
            var baseline = new Latency("baseline: GET /api/auth/me");
            await baseline.MeasureAsync(3000, async i => (await clients[i % clients.Length].GetAsync("/api/auth/me")).EnsureSuccessStatusCode());
            var session = new RouteSession(app, clients, baseline);
            session.agentLoops.AddRange(clients.Select(c => RouteBench.AgentAsync(c, () => session.current, session.stop.Token)));
            await Task.Delay(1000); // streams connected
            Console.WriteLine($"[{target.Name}] warm-up: 100 chats at 20/s...");
            await session.PhaseAsync(100, 20);
            if (ceilingSeconds > 0)
            {
                Console.WriteLine($"[{target.Name}] ceiling: 64 loops GET /healthz for {ceilingSeconds} s...");
                using var loops = Loops.Client(128);
                session.Ceiling = await Ceiling.MeasureAsync(app, loops, 64, ceilingSeconds);
            }
            return session;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="chats"/> web chats at <paramref name="rate"/> per second (sessions created beforehand, outside the
    /// measurement), waits for every offer and every chat's handling, and checks the stored history.
    /// </summary>
    public async Task<RouteBench.RouteResult> PhaseAsync(int chats, int rate)
    {
        var target = app.Target;
        var sessions = new (string Node, string Id)[chats];
        await Parallel.ForEachAsync(Enumerable.Range(0, chats), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var node = app.NodeUrl(i);
            using var response = await visitor.PostAsJsonAsync($"{node}/api/webchat/sessions", new StartWebChat { Name = $"Visitor {i}" }, ct);
            sessions[i] = (node, (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<WebChatSession>(Json, ct))!.SessionId);
        });
        var phase = current = new Phase();
        var idle = await app.IdleCpuAsync();
        Console.WriteLine($"[{target.Name}] sending {chats:N0} chats at {rate}/s to {clients.Length} agents...");
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
                phase.SentAt[message.Id] = started;
            }));
        }
        await Task.WhenAll(sends);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        // However slow the machine, wait while offers keep coming; give up after 30 s without a new one.
        var seen = -1;
        var quiet = Stopwatch.StartNew();
        while (phase.OfferedAt.Count < chats && quiet.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (phase.OfferedAt.Count != seen)
            {
                seen = phase.OfferedAt.Count;
                quiet.Restart();
            }
            await Task.Delay(100);
        }
        await Task.WhenAll(phase.Handling.Select(t => t.ContinueWith(_ => { }))); // every chat's accept, end, wrap-up and Available answered
        var cpu = CpuCost.Between(before, app.Cpu());
        var phaseSeconds = Stopwatch.GetElapsedTime(first).TotalSeconds;
        var offeredAt = phase.OfferedAt;
        var lastOffer = offeredAt.IsEmpty ? first : offeredAt.Max(o => phase.SentAt[o.Key] + (long)(o.Value * Stopwatch.Frequency / 1000));
        var routedSeconds = Math.Max(Stopwatch.GetElapsedTime(first, lastOffer).TotalSeconds, 1e-3);

        await using var db = await app.OpenDatabaseAsync();
        var (doubleOffers, overCapacity, handled) = await RouteBench.CheckAsync(db);
        var handledNow = handled - handledBefore;
        handledBefore = handled;
        var offer = Latency.From("message-in to offer-pushed", offeredAt.Values);
        return new RouteBench.RouteResult(target, clients.Length, rate, chats, sendSeconds, routedSeconds, phaseSeconds, Baseline, idle, Ceiling, offer,
            offeredAt.Count, cpu, doubleOffers, overCapacity, handledNow, Machine.LoadAverage());
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(agentLoops.Select(t => t.ContinueWith(_ => { })));
        foreach (var client in clients) client.Dispose();
        visitor.Dispose();
        stop.Dispose();
        app.Dispose();
    }
}
