using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Routing;

public sealed class OfferTests
{
    [Fact]
    public async Task An_available_agent_is_offered_the_chat_with_the_screen_pop_and_accepting_makes_it_theirs()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        using var events = await Events.SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");

        var (_, id) = await bed.CustomerWritesAsync("Wendy Web", "Hi, where is my order?", "wendy@example.com");

        var offer = await events.FirstAsync("offer");
        var dto = System.Text.Json.JsonSerializer.Deserialize<OfferDto>(offer.Data, CrmClient.Json)!;
        Assert.Equal(id, dto.ConversationId);
        Assert.Equal("Support", dto.QueueName);
        Assert.Equal("Wendy Web", dto.CustomerName);
        Assert.Equal("new", dto.ScreenPop.Kind); // created by this first contact: the form to complete
        Assert.Equal("wendy@example.com", dto.ScreenPop.NewCustomer!.Address);
        Assert.Equal("Hi, where is my order?", Assert.Single(dto.Transcript).Text);
        Assert.InRange(dto.ExpiresAt - dto.OfferedAt, 29_000, 31_000);

        var accepted = await bed.AcceptAsync("agent1", id);

        Assert.Equal("Active", accepted.State);
        Assert.Equal("agent1", (await bed.StateOfAsync("agent1")).UserName);
        Assert.Equal(1, (await bed.StateOfAsync("agent1")).Load);
        Assert.Equal("Active", accepted.Mine!.State);
    }

    [Fact]
    public async Task A_returning_customer_pops_their_record_and_recent_cases()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, first) = await bed.CustomerWritesAsync("Rita Return", "First question", "rita@example.com");
        await bed.OfferedToAsync("agent1", first);
        await bed.AcceptAsync("agent1", first);
        await (await bed.AgentAsync("agent1")).SendAsync<CaseDto>(HttpMethod.Post, $"/api/conversations/{first}/save-to-crm", new SaveToCrm());
        await bed.ActAsync("agent1", first, "end");
        await bed.ActAsync("agent1", first, "wrapup", new WrapUpConversation { ReasonIds = [1] });
        await bed.AvailableAsync("agent1");
        using var events = await Events.SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");

        var (_, second) = await bed.CustomerWritesAsync("Rita Return", "Me again", "rita@example.com");

        var offer = System.Text.Json.JsonSerializer.Deserialize<OfferDto>((await events.FirstAsync("offer")).Data, CrmClient.Json)!;
        Assert.Equal(second, offer.ConversationId);
        Assert.Equal("customer", offer.ScreenPop.Kind);
        Assert.Equal("Rita Return", offer.ScreenPop.Customer!.Name);
        Assert.Single(offer.ScreenPop.RecentCases);
    }

    [Fact]
    public async Task Reject_puts_the_agent_on_break_and_the_chat_goes_to_the_next_agent()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync("Ron Reject", "Hello?");
        await bed.OfferedToAsync("agent1", id);
        await bed.ReadyAsync("agent2");

        (await (await bed.AgentAsync("agent1")).RawAsync(HttpMethod.Post, $"/api/conversations/{id}/reject")).EnsureSuccessStatusCode();

        var agent1 = await bed.StateOfAsync("agent1");
        Assert.Equal("OnBreak", agent1.State);
        Assert.Equal("Rejected a chat", agent1.ReasonCode);
        Assert.Equal(0, agent1.Load);
        await bed.OfferedToAsync("agent2", id);
    }

    [Fact]
    public async Task An_agent_without_the_reject_permission_gets_403_and_keeps_the_offer()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent5");
        var (_, id) = await bed.CustomerWritesAsync("Pat Permission", "Hi");
        await bed.OfferedToAsync("agent5", id);

        var (status, problem) = await (await bed.AgentAsync("agent5")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/reject");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("not enabled", problem.GetProperty("detail").GetString());
        Assert.Equal("Available", (await bed.StateOfAsync("agent5")).State);
        Assert.Equal("Active", (await bed.AcceptAsync("agent5", id)).State);
    }

    [Fact]
    public async Task A_lapsed_offer_puts_the_agent_on_break_and_the_chat_back_at_the_head_of_the_queue()
    {
        await using var bed = new RoutingTestBed(acceptanceSeconds: 1);
        await bed.ReadyAsync("agent1");
        var (_, first) = await bed.CustomerWritesAsync("Lapse First", "I was here first");
        await bed.OfferedToAsync("agent1", first);
        var (_, second) = await bed.CustomerWritesAsync("Lapse Second", "Me second");

        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent1")).State == "OnBreak", TimeSpan.FromSeconds(10),
            "agent1 on break after the lapse");
        Assert.Equal("Missed a chat (acceptance interval)", (await bed.StateOfAsync("agent1")).ReasonCode);
        Assert.Equal("Queued", (await bed.ConversationAsync("agent1", first)).State);
        // agent1 has room for two chats, so the second was offered to them too; its own interval runs out after the first's.
        await Eventually.TrueAsync(async () => (await bed.ConversationAsync("agent1", second)).State == "Queued", TimeSpan.FromSeconds(10),
            "the second chat back in the queue");

        // Only the agent's own choice brings them back; then the returned chat comes first.
        await bed.ReadyAsync("agent4"); // capacity 1: exactly one chat, the one that came back
        await bed.OfferedToAsync("agent4", first);
        Assert.Equal("Queued", (await bed.ConversationAsync("agent4", second)).State);
        Assert.Equal("OnBreak", (await bed.StateOfAsync("agent1")).State);
    }

    [Fact]
    public async Task Under_the_Webex_policy_a_lapse_means_RONA_until_the_agent_chooses_Available()
    {
        var clock = new TestClock();
        await using var bed = new RoutingTestBed(acceptanceSeconds: 1, rejectPolicy: "RONA", services: s => s.AddSingleton<TimeProvider>(clock));
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync("Rona Case", "Anyone?");
        await bed.OfferedToAsync("agent1", id);

        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent1")).State == "RONA", TimeSpan.FromSeconds(10), "agent1 in RONA");
        clock.Advance(TimeSpan.FromHours(1));
        await bed.ReadyAsync("agent6");
        await bed.OfferedToAsync("agent6", id); // the engine has run an hour later, and only the agent's own choice ends RONA
        Assert.Equal("RONA", (await bed.StateOfAsync("agent1")).State);

        var (_, next) = await bed.CustomerWritesAsync("Next Case", "Hello?");
        await bed.ReadyAsync("agent1");
        await bed.OfferedToAsync("agent1", next);
    }

    [Fact]
    public async Task Accepting_after_the_interval_ran_out_is_409_and_the_chat_is_not_lost()
    {
        var clock = new TestClock();
        await using var bed = new RoutingTestBed(acceptanceSeconds: 1, services: s => s.AddSingleton<TimeProvider>(clock));
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync("Late Larry", "Hello");
        await bed.OfferedToAsync("agent1", id);
        clock.Advance(TimeSpan.FromSeconds(2));

        var (status, _) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/accept");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Queued", (await bed.ConversationAsync("agent1", id)).State);
    }

    [Fact]
    public async Task The_longest_waiting_chat_goes_to_the_longest_idle_agent()
    {
        var clock = new TestClock();
        await using var bed = new RoutingTestBed(services: s => s.AddSingleton<TimeProvider>(clock));
        var (_, older) = await bed.CustomerWritesAsync("Olga Older", "first");
        var (_, newer) = await bed.CustomerWritesAsync("Nina Newer", "second");
        await bed.ReadyAsync("agent4");   // idle the longest
        clock.Advance(TimeSpan.FromSeconds(1));
        await bed.ReadyAsync("agent6");

        await bed.OfferedToAsync("agent4", older);
        await bed.OfferedToAsync("agent6", newer);
    }

    [Fact]
    public async Task Only_available_agents_with_free_capacity_are_offered_chats()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent4"); // capacity 1
        var (_, first) = await bed.CustomerWritesAsync("Cap One", "one");
        await bed.OfferedToAsync("agent4", first);
        await bed.AcceptAsync("agent4", first);

        await bed.SetStateAsync("agent6", "OnBreak", "Lunch");
        var (_, second) = await bed.CustomerWritesAsync("Cap Two", "two");
        await bed.ReadyAsync("agent5");
        await bed.OfferedToAsync("agent5", second); // the engine chose while agent4 was full and agent6 on a break

        var agents = new[] { await bed.IdOfAsync("agent4"), await bed.IdOfAsync("agent6") };
        Assert.Equal(0, await bed.ScalarAsync($"SELECT count(*) FROM participations WHERE conversation_id = @second AND agent_id IN ({agents[0]}, {agents[1]})",
            new { second }));
    }
}
