using System.Net.Http.Json;
using System.Text.Json;
using Crm.Tests.Events;
using Crm.Tests.Routing;
using Npgsql;

namespace Crm.Tests.Cluster;

/// <summary>
/// Three Crm.Web processes on one PostgreSQL database of the test server (demo data, seeded by whichever node wins),
/// each on its own loopback port: a cluster without a balancer, so a test says which node each client talks to.
/// </summary>
public sealed class ClusterTestBed : IAsyncDisposable
{
    private readonly string database = "crm_cluster_" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<AppProcess> nodes = [];

    public IReadOnlyList<AppProcess> Nodes => nodes;

    public static async Task<ClusterTestBed> StartAsync(int count, IDictionary<string, string>? settings = null)
    {
        var bed = new ClusterTestBed();
        PostgresServer.Instance.CreateDatabase(bed.database);
        var all = new Dictionary<string, string>
        {
            // A dead node's timers move to another after a few seconds, not the production default.
            ["Crm:Jobs:CheckinSeconds"] = "1", ["Crm:Jobs:CheckinMisfireSeconds"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var db = new Dictionary<string, string?> { ["Crm:Db:Provider"] = "postgres", ["ConnectionStrings:Crm"] = bed.ConnectionString };
        // All start together, racing for the migrations and the seed, as a cluster does after a deploy.
        bed.nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => AppProcess.StartAsync(db, all))));
        return bed;
    }

    public string ConnectionString => PostgresServer.Instance.ConnectionString(database);

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<HttpClient> SignInAsync(AppProcess node, string user, string password = CrmApp.Password)
    {
        var client = node.Client();
        (await client.PostAsJsonAsync("/api/auth/login", new Login { UserName = user, Password = password })).EnsureSuccessStatusCode();
        return client;
    }

    public static async Task SetStateAsync(HttpClient agent, string state) =>
        (await agent.PutAsJsonAsync("/api/agents/me/state", new SetAgentState { State = state })).EnsureSuccessStatusCode();

    public static async Task<AgentDto> MeAsync(HttpClient agent) => (await agent.GetFromJsonAsync<AgentDto>("/api/agents/me", CrmClient.Json))!;

    /// <summary>A web chat visitor on <paramref name="node"/> says hello; returns the visitor's session id.</summary>
    public static async Task<string> ChatAsync(AppProcess node, string name)
    {
        using var visitor = node.Client();
        using var started = await visitor.PostAsJsonAsync("/api/webchat/sessions", new StartWebChat { Name = name });
        started.EnsureSuccessStatusCode();
        var session = (await started.Content.ReadFromJsonAsync<WebChatSession>(CrmClient.Json))!;
        (await visitor.PostAsJsonAsync($"/api/webchat/sessions/{session.SessionId}/messages", new SendWebChatMessage { Text = "Hello" }))
            .EnsureSuccessStatusCode();
        return session.SessionId;
    }

    /// <summary>An agent's desktop stream on the node it is connected to: while it is open, routing counts the agent as there.</summary>
    public static Task<SseReader> StreamAsync(HttpClient client, string? lastEventId = null) => SseReader.ConnectAsync(client, "/api/events", lastEventId);

    /// <summary>The next offer on an agent's stream.</summary>
    public static async Task<OfferDto> NextOfferAsync(SseReader stream, TimeSpan timeout)
    {
        var offer = (await stream.EventsUntilAsync("offer", timeout)).Last();
        return JsonSerializer.Deserialize<OfferDto>(offer.Data, CrmClient.Json)!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes) node.Dispose();
        try { PostgresServer.Instance.DropDatabase(database); } catch (NpgsqlException) { }
    }
}
