using System.Collections.Concurrent;
using System.Net.Http.Json;
using Crm.Tests.Events;
using Crm.Tests.Routing;
using static Crm.Tests.Cluster.ClusterTestBed;

namespace Crm.Tests.Cluster;

/// <summary>
/// Three nodes on one PostgreSQL database (issue 13) keep the guarantees of one: offers reach agents on any node, no chat is
/// offered twice and no capacity exceeded in a race across nodes, and a desktop's stream resumes on another node without a gap.
/// Always on PostgreSQL, whichever database the rest of the suite runs on.
/// </summary>
[Trait("Db", "both")]
public sealed class MultiNodeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Crm:Auth:LoginPermitsPerMinute"] = "10000",
        ["Crm:Routing:AcceptanceSeconds"] = "600", // nothing lapses while a test looks: every offer a test sees is the first
    };

    [Fact]
    public async Task Offers_for_chats_posted_to_node_C_reach_agents_connected_to_A_and_B()
    {
        await using var cluster = await ClusterTestBed.StartAsync(3, Settings);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        // agent4 and agent5 both take one chat at a time in Support, where web chats go.
        using var agent4 = await SignInAsync(a, "agent4");
        using var agent5 = await SignInAsync(b, "agent5");
        using var stream4 = await StreamAsync(agent4);
        using var stream5 = await StreamAsync(agent5);

        await SetStateAsync(agent4, "Available");
        await ChatAsync(c, "Carla on node C");
        var first = await NextOfferAsync(stream4, Wait);
        Assert.Equal("Carla on node C", first.CustomerName);

        await SetStateAsync(agent5, "Available");
        await ChatAsync(c, "Cody on node C");
        var second = await NextOfferAsync(stream5, Wait);
        Assert.Equal("Cody on node C", second.CustomerName);
        Assert.NotEqual(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task A_sixteen_agent_race_across_nodes_never_offers_a_chat_twice_or_exceeds_a_capacity()
    {
        await using var cluster = await ClusterTestBed.StartAsync(3, Settings);
        var nodes = cluster.Nodes;
        using var admin = await SignInAsync(nodes[0], "admin");
        var support = (await admin.GetFromJsonAsync<List<AdminQueueDto>>("/api/admin/queues", CrmClient.Json))!.Single(q => q.Name == "Support");
        var names = Enumerable.Range(1, 6).Select(n => $"agent{n}").ToList();
        for (var n = 7; n <= 16; n++)
        {
            var user = await PostAsync<UserDto>(admin, "/api/users", new CreateUser
            {
                UserName = $"racer{n}", DisplayName = $"Racer {n}", Password = CrmApp.Password, Roles = [Roles.Agent],
            });
            (await admin.PutAsJsonAsync($"/api/admin/agents/{user.Id}", new SaveAgentProfile
            {
                Capacity = n % 3 + 1, CanReject = false, SkillIds = [.. support.SkillIds], QueueIds = [support.Id],
            })).EnsureSuccessStatusCode();
            names.Add(user.UserName);
        }

        // Each agent on its own node, round robin, with its desktop stream open there.
        var agents = await Task.WhenAll(names.Select(async (name, i) => await SignInAsync(nodes[i % nodes.Count], name)));
        var streams = await Task.WhenAll(agents.Select(agent => StreamAsync(agent)));
        var capacity = (await Task.WhenAll(agents.Select(MeAsync))).Sum(me => me.Capacity);
        const int Chats = 45;
        Assert.True(capacity < Chats, $"{capacity} seats: the race must leave chats waiting");

        // Everyone goes Available and every node takes chats, all at once.
        var race = agents.Select(agent => SetStateAsync(agent, "Available"))
            .Concat(Enumerable.Range(0, Chats).Select(n => (Task)ChatAsync(nodes[n % nodes.Count], $"Racer customer {n}")));
        await Task.WhenAll(race);

        await using var db = await cluster.OpenDatabaseAsync();
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM participations WHERE state = 'Offered'") == capacity, Wait, $"all {capacity} seats offered");

        // Every chat offered at most once, to one agent; no agent holding more than their capacity.
        Assert.Empty(await db.QueryAsync<long>("SELECT conversation_id FROM participations GROUP BY conversation_id HAVING COUNT(*) > 1"));
        Assert.Empty(await db.QueryAsync<(long, long)>("""
            SELECT p.agent_id, COUNT(*) FROM participations p JOIN agent_profiles a ON a.user_id = p.agent_id
            WHERE p.state IN ('Offered', 'Active') GROUP BY p.agent_id, a.capacity HAVING COUNT(*) > a.capacity
            """));
        Assert.Equal(Chats - capacity, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE state = 'Queued'"));
        Assert.Empty(await db.QueryAsync<string>("""
            SELECT data FROM events WHERE name = 'offer' GROUP BY data HAVING COUNT(*) > 1
            """));
        foreach (var stream in streams) stream.Dispose();
        foreach (var agent in agents) agent.Dispose();
    }

    [Fact]
    public async Task A_desktop_stream_moved_from_node_A_to_node_B_misses_nothing()
    {
        await using var cluster = await ClusterTestBed.StartAsync(3, Settings);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        using var supervisorOnA = await SignInAsync(a, "supervisor");
        using var supervisorOnB = await SignInAsync(b, "supervisor");
        var agentsOnC = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => SignInAsync(c, $"agent{n}")));

        string lastSeen;
        using (var first = await StreamAsync(supervisorOnA))
        {
            await SetStateAsync(agentsOnC[0], "Available");
            lastSeen = (await first.EventsUntilAsync("agent-state", Wait)).Last().Id!;
        }
        // While no stream is open, node C changes six agents, some twice.
        foreach (var agent in agentsOnC) await SetStateAsync(agent, "Available");
        foreach (var agent in agentsOnC.Take(3)) await SetStateAsync(agent, "Offline");

        await using var db = await cluster.OpenDatabaseAsync();
        var expected = (await db.QueryAsync<long>(
            "SELECT id FROM events WHERE audience = 'supervisors' AND id > @after ORDER BY id", new { after = long.Parse(lastSeen) })).ToList();
        Assert.True(expected.Count >= 8, $"{expected.Count} events to resume");

        using var resumed = await StreamAsync(supervisorOnB, lastSeen);
        var received = new List<long>();
        while (received.Count < expected.Count)
            if ((await resumed.NextEventAsync(Wait)).Id is { } id) received.Add(long.Parse(id)); // an Inbox nudge carries no id
        Assert.Equal(expected, received); // the same events, in order: none skipped, none twice
        foreach (var agent in agentsOnC) agent.Dispose();
    }

    private static async Task<T> PostAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(CrmClient.Json))!;
    }
}

/// <summary>A node killed outright (SIGKILL) while it holds an agent's stream and the timer of their pending offer.</summary>
[Trait("Db", "both")]
public sealed class NodeKillTests
{
    [Fact]
    public async Task Killing_the_node_of_a_pending_offer_still_lapses_it_once_through_another_node()
    {
        await using var cluster = await ClusterTestBed.StartAsync(3, new Dictionary<string, string>
        {
            ["Crm:Auth:LoginPermitsPerMinute"] = "10000", ["Crm:Routing:AcceptanceSeconds"] = "6",
        });
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        using var agent4 = await SignInAsync(a, "agent4");
        using var stream = await StreamAsync(agent4);
        await SetStateAsync(agent4, "Available");
        await ChatAsync(a, "Kim on node A");
        var offer = await NextOfferAsync(stream, TimeSpan.FromSeconds(30));

        a.Kill(); // the offer's Quartz timer was set by node A, and agent4's only desktop stream was on it

        using var supervisor = await SignInAsync(b, "supervisor");
        await using var db = await cluster.OpenDatabaseAsync();
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<string>(
            "SELECT state FROM participations WHERE id = @ParticipationId", new { offer.ParticipationId }) == "Lapsed",
            TimeSpan.FromSeconds(60), "the offer lapsed on node B or C");
        var lapsedAt = await db.ExecuteScalarAsync<long>(
            "SELECT started_at FROM agent_state_history WHERE user_id = (SELECT agent_id FROM participations WHERE id = @ParticipationId) AND cause = 'Lapse'",
            new { offer.ParticipationId });
        Assert.True(lapsedAt >= offer.ExpiresAt, "not before its acceptance interval ran out");
        // Once: one lapse in the agent's history, and the chat offered again at most once since (to nobody: agent4 is away).
        Assert.Equal(1, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM agent_state_history WHERE cause = 'Lapse'"));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM participations WHERE conversation_id = @ConversationId AND state = 'Lapsed'", new { offer.ConversationId }));
        using var afterwards = await supervisor.GetAsync($"/api/conversations/{offer.ConversationId}");
        afterwards.EnsureSuccessStatusCode(); // node B serves the chat a dead node offered
    }
}
