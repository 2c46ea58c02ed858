using Crm.Tests.Routing;

namespace Crm.Tests.Monitor;

/// <summary>GET /api/monitor: the agents' and queues' columns a supervisor reads, from what routing stored.</summary>
public sealed class MonitorApiTests
{
    [Fact]
    public async Task The_monitor_shows_each_agents_chats_and_each_queues_waiting_active_and_service_level()
    {
        await using var bed = new RoutingTestBed();
        var supervisor = await bed.AgentAsync("supervisor");
        var agentId = await bed.IdOfAsync("agent6");
        await bed.ReadyAsync("agent6");
        var (_, active) = await bed.ActiveChatAsync("agent6", "Alma Active");
        var (_, waiting) = await bed.CustomerWritesAsync("Walt Waiting", "Still there?");

        var monitor = await supervisor.GetAsync<MonitorDto>("/api/monitor");

        var agent = monitor.Agents.Single(a => a.Id == agentId);
        Assert.Equal(("Available", 1, 1, 1), (agent.State, agent.Load, agent.Capacity, agent.AcceptedToday));
        var chat = Assert.Single(agent.Chats);
        Assert.Equal((active, "Alma Active", "webchat", "Support", "Active"), (chat.ConversationId, chat.CustomerName, chat.Channel, chat.Queue, chat.State));
        Assert.Equal(["Support"], agent.Queues);
        Assert.Equal(6, monitor.Agents.Count);

        var support = monitor.Queues.Single(q => q.Name == "Support");
        Assert.Equal((1, 0, 1), (support.Waiting, support.Offered, support.Active));
        Assert.NotNull(support.LongestWaitSince);
        Assert.Equal((1, 6), (support.Available, support.Agents)); // agent6 is Available (and full: the agent row shows the load)
        Assert.Equal(1.0, support.ServiceLevel);
        Assert.Equal((1, 1, 0), (support.AnsweredToday, support.AnsweredInTimeToday, support.AbandonedToday));
        Assert.Equal(60, monitor.ServiceLevelSeconds);
        Assert.True(monitor.System.MessagesLastMinute >= 2);
        Assert.NotNull(monitor.System.OldestUnroutedSince);
        Assert.NotEqual(waiting, active);
    }

    [Fact]
    public async Task A_chat_the_customer_leaves_before_anyone_accepts_counts_as_abandoned_and_against_the_service_level()
    {
        await using var bed = new RoutingTestBed(settings: new Dictionary<string, string?> { ["Crm:Monitor:ServiceLevelSeconds"] = "20" });
        var supervisor = await bed.AgentAsync("supervisor");
        var (session, _) = await bed.CustomerWritesAsync("Abe Abandon", "Hello?");
        using (var http = bed.App.CreateClient())
            (await http.PostAsync($"/api/webchat/sessions/{session}/end", null)).EnsureSuccessStatusCode();

        var support = (await supervisor.GetAsync<MonitorDto>("/api/monitor")).Queues.Single(q => q.Name == "Support");

        Assert.Equal((0, 1, 0.0), (support.Waiting, support.AbandonedToday, support.ServiceLevel));
        Assert.Equal(20, (await supervisor.GetAsync<MonitorDto>("/api/monitor")).ServiceLevelSeconds);
    }
}
