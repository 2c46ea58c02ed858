using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Routing;

/// <summary>Send to Inbox and picking from the Inbox: a chat handed back is never stuck, and agents may take waiting chats themselves.</summary>
public sealed class InboxTests
{
    private const string WaitingNotice = "You are waiting for the next available agent";

    [Fact]
    public async Task Send_to_inbox_skips_the_sender_while_another_eligible_agent_is_at_work_and_tells_the_customer()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1");
        await bed.SetStateAsync("agent2", "OnBreak", "Lunch");

        var returned = await bed.ActAsync("agent1", id, "send-to-inbox");
        Assert.Contains(returned.Participants, p => p.State == "Returned");
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Kind == WebChatKind.Notice && m.Text == WaitingNotice);

        // A chat arriving later reaches agent1, who has room: the chat handed back (first in the queue) was skipped for them.
        var (_, later) = await bed.CustomerWritesAsync("Larry Later", "hello?");
        await bed.OfferedToAsync("agent1", later);
        var waiting = await bed.ConversationAsync("agent1", id);
        Assert.Equal("Queued", waiting.State);
        Assert.DoesNotContain(waiting.Participants, p => p.State == "Offered");

        await bed.ReadyAsync("agent2");
        await bed.OfferedToAsync("agent2", id);
    }

    [Fact]
    public async Task Send_to_inbox_offers_the_chat_back_to_the_sender_when_nobody_else_can_take_it()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");

        await bed.ActAsync("agent1", id, "send-to-inbox");

        var offer = await bed.OfferedToAsync("agent1", id); // every other agent is Offline: waiting for them would strand the customer
        Assert.Equal("route", offer.Kind);
    }

    [Fact]
    public async Task Send_to_inbox_skips_the_sender_only_for_the_configured_time()
    {
        await using var bed = new RoutingTestBed(settings: new Dictionary<string, string?> { ["Crm:Routing:SendToInboxSkipSeconds"] = "1" });
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        await bed.SetStateAsync("agent2", "OnBreak", "Lunch");

        await bed.ActAsync("agent1", id, "send-to-inbox");
        await using (var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            Assert.NotNull(await c.ExecuteScalarAsync<long?>("SELECT excluded_until FROM conversations WHERE id = @id AND excluded_until IS NOT NULL",
                new { id }));

        // agent2 is still on break; once the stored deadline passes the sweep offers the chat to agent1 again.
        await bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task An_agent_picks_a_waiting_chat_from_the_inbox_and_the_customer_sees_them_join()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1");
        await bed.SetStateAsync("agent2", "OnBreak", "Lunch");
        await bed.ActAsync("agent1", id, "send-to-inbox");
        var agent2 = await bed.IdOfAsync("agent2");

        var inbox = await (await bed.AgentAsync("agent2")).GetAsync<ConversationList>("/api/conversations?view=inbox");
        Assert.Contains(inbox.Groups.SelectMany(g => g.Conversations), i => i.Id == id);
        var picked = await bed.ActAsync("agent2", id, "pick");

        Assert.Equal("Active", picked.State);
        Assert.Equal(agent2, picked.OwnerId);
        Assert.Equal("Active", picked.Mine!.State);
        Assert.Equal(1, (await bed.StateOfAsync("agent2")).Load);
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Kind == WebChatKind.Notice && m.Text == $"{picked.OwnerName} joined the chat");
        var assigned = await (await bed.AgentAsync("agent2")).GetAsync<ConversationList>("/api/conversations?view=assigned");
        Assert.Contains(assigned.Groups.SelectMany(g => g.Conversations), i => i.Id == id);

        var (status, problem) = await (await bed.AgentAsync("agent3")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/pick");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Another agent already took this chat.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Picking_respects_queue_membership_skills_capacity_and_state_and_says_why_in_words()
    {
        await using var bed = new RoutingTestBed();
        // agent5 (capacity 1) holds a chat already.
        await bed.ReadyAsync("agent5");
        await bed.ActiveChatAsync("agent5", "Olga Other");
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var billing = (await (await bed.AgentAsync("agent1")).GetAsync<List<QueueDto>>("/api/queues")).Single(q => q.Name == "Billing").Id;
        await bed.SetStateAsync("agent3", "OnBreak", "Lunch"); // no Billing agent is free, so the chat waits in the Inbox
        await bed.ActAsync("agent1", id, "transfer", new TransferConversation { QueueId = billing });

        async Task<string> RefusedAsync(string agent)
        {
            var (status, problem) = await (await bed.AgentAsync(agent)).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/pick");
            Assert.Equal(HttpStatusCode.Conflict, status);
            return problem.GetProperty("detail").GetString()!;
        }

        await bed.SetStateAsync("agent6", "OnBreak", "Lunch");
        Assert.Equal("You are not a member of the Billing queue, so its chats are not yours to pick.", await RefusedAsync("agent6"));
        Assert.Equal("You are Offline: go Available or On Break before you pick a chat.", await RefusedAsync("agent4"));
        await using (var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            await c.ExecuteAsync("""
                DELETE FROM agent_skills WHERE user_id = (SELECT id FROM users WHERE user_name = 'agent4')
                AND skill_id = (SELECT id FROM skills WHERE name = 'Billing')
                """);
        await bed.SetStateAsync("agent4", "OnBreak", "Lunch");
        Assert.Equal("The Billing queue needs the skill Billing, which you do not have.", await RefusedAsync("agent4"));
        Assert.Equal("You already hold 1 of your 1 chat: finish one before you pick another.", await RefusedAsync("agent5"));

        Assert.Equal("Queued", (await bed.ConversationAsync("agent3", id)).State);
        Assert.Equal("Active", (await bed.ActAsync("agent3", id, "pick")).State);
    }
}
