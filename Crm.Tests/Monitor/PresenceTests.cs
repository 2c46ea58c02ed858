using System.Text.Json;
using Crm.ServiceInterface.Data;
using Crm.Tests.Events;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Monitor;

/// <summary>An agent whose every desktop stream is gone for DisconnectSeconds is taken out of routing, visibly on the monitor.</summary>
public sealed class PresenceTests
{
    private static RoutingTestBed ShortDisconnect() => new(settings: new Dictionary<string, string?> { ["Crm:Routing:DisconnectSeconds"] = "1" });

    [Fact]
    public async Task Closing_an_available_agents_only_stream_takes_them_offline_with_cause_disconnect()
    {
        await using var bed = ShortDisconnect();
        var agentId = await bed.IdOfAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        using var monitorEvents = await SseReader.ConnectAsync(supervisor.Http, "/api/events");
        var desktop = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");
        using var stays = await SseReader.ConnectAsync((await bed.AgentAsync("agent2")).Http, "/api/events");
        await bed.AvailableAsync("agent2");
        await bed.AvailableAsync("agent1");
        await NextAsync<AgentPresenceChanged>(monitorEvents, "agent-presence", e => e.AgentId == agentId && e.Connected);
        Assert.True((await MonitorRowAsync(supervisor, agentId)).Connected);

        desktop.Dispose();

        await NextAsync<AgentPresenceChanged>(monitorEvents, "agent-presence", e => e.AgentId == agentId && !e.Connected);
        var offline = await NextAsync<AgentStateChanged>(monitorEvents, "agent-state", e => e.AgentId == agentId && e.State == "Offline");
        Assert.Equal(StateCause.Disconnect, offline.Cause);
        var row = await MonitorRowAsync(supervisor, agentId);
        Assert.Equal(("Offline", StateCause.Disconnect, false), (row.State, row.Cause, row.Connected));
        Assert.NotNull(row.DisconnectedAt);
        // agent1's disconnect proves DisconnectSeconds passed: agent2, whose desktop stayed, is still there.
        Assert.Equal(("Available", true, (long?)null), await MonitorRowAsync(supervisor, await bed.IdOfAsync("agent2")) is var kept
            ? (kept.State, kept.Connected, kept.DisconnectedAt) : default);

        // Back at the desk: the marker is gone and the agent chooses Available again.
        using var again = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");
        await Eventually.TrueAsync(async () => (await MonitorRowAsync(supervisor, agentId)) is { Connected: true, DisconnectedAt: null },
            TimeSpan.FromSeconds(10), "agent1 connected again");
    }

    [Fact]
    public async Task A_disconnected_agent_keeps_their_chat_gets_the_marker_and_is_offered_no_more()
    {
        await using var bed = ShortDisconnect();
        var agentId = await bed.IdOfAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        var desktop = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");
        await bed.ReadyAsync("agent1");
        var (_, held) = await bed.ActiveChatAsync("agent1", "Harriet Held");

        desktop.Dispose();

        var row = await Eventually.ValueAsync(async () => await MonitorRowAsync(supervisor, agentId) is { DisconnectedAt: not null } r ? r : null,
            TimeSpan.FromSeconds(15), "agent1 marked Disconnected");
        Assert.Equal("Available", row.State);
        Assert.Equal(held, Assert.Single(row.Chats).ConversationId);
        Assert.Equal("Harriet Held", row.Chats[0].CustomerName);
        var offline = await supervisor.ProblemAsync(HttpMethod.Put, $"/api/agents/{agentId}/state", new SetAgentStateBySupervisor { State = "Offline" });
        Assert.Equal(HttpStatusCode.Conflict, offline.Status);

        // agent1 has capacity for two more, but the next chat waits for someone whose desktop is there.
        var (_, next) = await bed.CustomerWritesAsync("Nora Next", "Hello?");
        await bed.ReadyAsync("agent6");
        await bed.OfferedToAsync("agent6", next);
        Assert.Single((await MonitorRowAsync(supervisor, agentId)).Chats);
    }

    [Fact]
    public async Task An_agent_left_connected_by_a_node_that_died_is_taken_out_by_the_stored_last_seen_time()
    {
        await using var bed = ShortDisconnect();
        var agentId = await bed.IdOfAsync("agent2");
        var supervisor = await bed.AgentAsync("supervisor");
        await bed.AvailableAsync("agent2");
        // What a node that stopped without closing its streams leaves behind: connected, last seen a while ago.
        await bed.App.Services.GetRequiredService<CrmDb>().InTransactionAsync((c, tx) => c.ExecuteAsync(
            "INSERT INTO agent_presence (user_id, connected, last_seen) VALUES (@agentId, 1, @at)",
            new { agentId, at = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() }, tx));

        var row = await Eventually.ValueAsync(async () => await MonitorRowAsync(supervisor, agentId) is { State: "Offline" } r ? r : null,
            TimeSpan.FromSeconds(15), "agent2 taken Offline");
        Assert.Equal(StateCause.Disconnect, row.Cause);
        Assert.False(row.Connected);
    }

    /// <summary>The next event of this name whose data matches, skipping the others (fails after 10 seconds each).</summary>
    private static async Task<T> NextAsync<T>(SseReader reader, string name, Func<T, bool> match)
    {
        while (true)
            if (JsonSerializer.Deserialize<T>((await reader.FirstAsync(name)).Data, CrmClient.Json) is { } e && match(e)) return e;
    }

    private static async Task<MonitorAgentDto> MonitorRowAsync(CrmClient supervisor, long agentId) =>
        (await supervisor.GetAsync<MonitorDto>("/api/monitor")).Agents.Single(a => a.Id == agentId);
}
