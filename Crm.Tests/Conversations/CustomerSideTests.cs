using Crm.Tests.Routing;

namespace Crm.Tests.Conversations;

public sealed class CustomerSideTests
{
    [Fact]
    public async Task An_agent_who_reloads_gets_their_pending_offers_back_with_the_screen_pop()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync("Olive Offer", "Are you there?", "olive@example.com");
        await bed.OfferedToAsync("agent1", id);

        var offers = await (await bed.AgentAsync("agent1")).GetAsync<List<OfferDto>>("/api/agents/me/offers");

        var offer = Assert.Single(offers);
        Assert.Equal(id, offer.ConversationId);
        Assert.Equal("Olive Offer", offer.CustomerName);
        Assert.Equal("new", offer.ScreenPop.Kind);
        Assert.Equal("Are you there?", offer.Transcript[0].Text);
        await bed.AcceptAsync("agent1", id);
        Assert.Empty(await (await bed.AgentAsync("agent1")).GetAsync<List<OfferDto>>("/api/agents/me/offers"));
    }

    [Fact]
    public async Task A_visitor_who_leaves_before_an_answer_withdraws_the_chat_and_the_offer()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.CustomerWritesAsync("Gone Gina", "Hello?");
        await bed.OfferedToAsync("agent1", id);

        using var visitor = bed.App.CreateClient();
        (await visitor.PostAsync($"/api/webchat/sessions/{session}/end", null)).EnsureSuccessStatusCode();

        Assert.Equal("Closed", (await bed.ConversationAsync("agent1", id)).State);
        Assert.Equal(0, (await bed.StateOfAsync("agent1")).Load);
        Assert.Equal("Available", (await bed.StateOfAsync("agent1")).State); // a withdrawn offer is nobody's fault
    }

    [Fact]
    public async Task A_visitor_who_leaves_an_answered_chat_tells_the_agent_who_ends_it()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1", "Leaving Leo");

        using var visitor = bed.App.CreateClient();
        (await visitor.PostAsync($"/api/webchat/sessions/{session}/end", null)).EnsureSuccessStatusCode();

        var conversation = await bed.ConversationAsync("agent1", id);
        Assert.Equal("Active", conversation.State);
        Assert.Equal("Leaving Leo left the chat", conversation.Messages.Last().Text);
        Assert.Equal("WrapUp", (await bed.ActAsync("agent1", id, "end")).State);
    }

    [Fact]
    public async Task Merging_customers_moves_their_conversations_and_the_contact_history_shows_them()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, first) = await bed.ActiveChatAsync("agent1", "Dup One");
        var (_, second) = await bed.CustomerWritesAsync("Dup Two", "Second visit");
        var agent = await bed.AgentAsync("agent1");
        var keep = (await bed.ConversationAsync("agent1", first)).CustomerId!.Value;
        var other = (await bed.ConversationAsync("agent1", second)).CustomerId!.Value;

        await agent.PostAsync($"/api/customers/{keep}/merge", new MergeCustomers { OtherId = other });

        Assert.Equal(keep, (await bed.ConversationAsync("agent1", second)).CustomerId);
        var history = await agent.GetAsync<List<ContactHistoryEntry>>($"/api/customers/{keep}/conversations");
        Assert.Equal(new[] { second, first }, history.Where(h => h.Kind == "conversation").Select(h => h.Id));
        var agentName = (await bed.StateOfAsync("agent1")).DisplayName;
        Assert.Contains(history, h => h.Id == first && h.AgentName == agentName);
        using var visitor = bed.App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/webchat/sessions/{(await SessionOf(bed, second))}/messages")).StatusCode);
    }

    [Fact]
    public async Task A_new_contact_within_the_reopening_time_limit_reopens_the_customers_last_closed_case()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        using (var admin = await bed.App.SignInAsync("admin"))
            await admin.SendAsync<CaseReopenPolicy>(HttpMethod.Put, "/api/settings/case-reopen", new CaseReopenPolicy("within", 7));
        var (session, first) = await bed.ActiveChatAsync("agent1", "Reopen Rita");
        var saved = await (await bed.AgentAsync("agent1")).SendAsync<CaseDto>(HttpMethod.Post, $"/api/conversations/{first}/save-to-crm", new SaveToCrm());
        Assert.Equal("Closed", saved.Status);
        await bed.ActAsync("agent1", first, "end");

        await bed.CustomerSaysAsync(session, "It happened again");

        var reopened = await (await bed.AgentAsync("agent1")).GetAsync<CaseDto>($"/api/cases/{saved.Id}");
        Assert.Equal("Open", reopened.Status);
        Assert.Equal("New contact from the customer", reopened.History.Last().Detail);
    }

    private static async Task<string> SessionOf(RoutingTestBed bed, long conversationId) =>
        (await bed.ConversationAsync("agent1", conversationId)).Address;
}
