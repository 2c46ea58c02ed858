using System.Text.Json;
using Crm.Tests.Events;
using Crm.Tests.Routing;

namespace Crm.Tests.Supervision;

/// <summary>Crm:Supervision:ShowMonitorIndicator = false: agents are not told of a silent monitor, but still of coaching and barge-in.</summary>
public sealed class HiddenMonitorTests : IAsyncLifetime
{
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = new RoutingTestBed(settings: new Dictionary<string, string?> { ["Crm:Supervision:ShowMonitorIndicator"] = "false" });
        await bed.ReadyAsync("agent1");
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task The_agent_hears_nothing_of_a_silent_monitor_and_sees_the_coaching_once_it_starts()
    {
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var agent = await bed.AgentAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        using var agentEvents = await SseReader.ConnectAsync(agent.Http, "/api/events");
        using var supervisorEvents = await SseReader.ConnectAsync(supervisor.Http, "/api/events");

        await supervisor.SendAsync<ChatSupervisionDto>(HttpMethod.Post, $"/api/conversations/{id}/monitor", null);
        Assert.Equal(SupervisionMode.Monitoring, Read(await supervisorEvents.FirstAsync("supervision")).Supervisors.Single().Mode);
        Assert.Empty((await agent.GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).Supervisors);
        Assert.Single((await supervisor.GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).Supervisors);

        await supervisor.PostAsync($"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Slow down a little" });
        // The whisper's own events prove the stream passed the moment of the monitor: the first supervision event is coaching.
        var upToWhisper = await agentEvents.EventsUntilAsync("message");
        var told = upToWhisper.Where(e => e.Event == "supervision").Select(Read).ToList();
        Assert.Equal([SupervisionMode.Coaching], told.SelectMany(t => t.Supervisors).Select(s => s.Mode));

        // Back to silent: the agent is told the coaching stopped, and nothing names a monitor.
        await supervisor.SendAsync<ChatSupervisionDto>(HttpMethod.Post, $"/api/conversations/{id}/monitor", null);
        Assert.Empty(Read(await agentEvents.FirstAsync("supervision")).Supervisors);
        Assert.Empty((await agent.GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).Supervisors);
    }

    private static SupervisionChanged Read(SseMessage message) => JsonSerializer.Deserialize<SupervisionChanged>(message.Data, CrmClient.Json)!;
}
