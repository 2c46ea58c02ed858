using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

using Crm.Tests.Routing;

namespace Crm.Tests.Conversations;

public sealed class ConversationFlowTests
{
    [Fact]
    public async Task Messages_flow_both_ways_the_customer_sees_the_agents_name_and_card_numbers_never_get_stored()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var agentName = (await bed.StateOfAsync("agent1")).DisplayName;
        var (session, id) = await bed.ActiveChatAsync("agent1");

        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{id}/messages",
            new SendMessage { Text = "Happy to help!" });
        await bed.CustomerSaysAsync(session, "My card is 4242-4242-4242-4242, thanks");

        Assert.Equal(agentName, reply.AuthorName);
        var seen = await bed.CustomerSeesAsync(session);
        Assert.Contains(seen, m => m.Kind == WebChatKind.Agent && m.AuthorName == agentName && m.Text == "Happy to help!");
        Assert.Contains(seen, m => m.Kind == WebChatKind.Notice && m.Text == $"{agentName} joined the chat");
        var thread = await bed.ConversationAsync("agent1", id);
        Assert.Equal("My card is ****-****-****-4242, thanks", thread.Messages.Last().Text);
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE text LIKE '%4242-4242-4242%'"));
        var search = await (await bed.AgentAsync("agent1")).GetAsync<ConversationDto>($"/api/conversations/{id}?q=happy");
        Assert.Equal(["Happy to help!"], search.Messages.Select(m => m.Text));
    }

    [Theory]
    [InlineData("html", null, "format")]
    [InlineData(null, "photo.jpg", "attachments")]
    public async Task Anything_but_plain_text_is_refused(string? format, string? attachment, string field)
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");

        var (status, problem) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/messages",
            new SendMessage { Text = "<b>bold</b>", Format = format, Attachments = attachment is null ? null : [attachment] });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_transfer_to_an_agent_who_accepts_moves_the_chat_and_the_sender_wraps_up()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1");
        await bed.ReadyAsync("agent2");
        var agent2 = await bed.IdOfAsync("agent2");

        await bed.ActAsync("agent1", id, "transfer", new TransferConversation { AgentId = agent2 });
        Assert.Equal("PostProcessing", (await bed.StateOfAsync("agent1")).State);
        Assert.Equal("WrapUp", (await bed.ConversationAsync("agent1", id)).Mine!.State);
        await bed.OfferedToAsync("agent2", id);
        var taken = await bed.AcceptAsync("agent2", id);

        Assert.Equal("Active", taken.State);
        Assert.Equal(agent2, taken.OwnerId);
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Text == $"{taken.OwnerName} joined the chat");
    }

    [Fact]
    public async Task A_transfer_nobody_accepts_goes_back_to_the_queue_instead_of_being_dropped()
    {
        await using var bed = new RoutingTestBed(acceptanceSeconds: 1);
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync("Tess Transfer", "hi");
        await bed.OfferedToAsync("agent1", id);
        await bed.AcceptAsync("agent1", id);
        await bed.ReadyAsync("agent5");
        var agent5 = await bed.IdOfAsync("agent5");

        await bed.ActAsync("agent1", id, "transfer", new TransferConversation { AgentId = agent5 });

        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent5")).State == "OnBreak", TimeSpan.FromSeconds(10), "agent5 missed the transfer");
        await Eventually.TrueAsync(async () => (await bed.ConversationAsync("agent1", id)).State == "Queued", TimeSpan.FromSeconds(5), "back in the queue");
        await bed.ReadyAsync("agent6");
        await bed.OfferedToAsync("agent6", id);
    }

    [Fact]
    public async Task A_transfer_to_a_queue_puts_the_chat_at_the_head_of_that_queue()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var queues = await (await bed.AgentAsync("agent1")).GetAsync<List<QueueDto>>("/api/queues");
        var billing = queues.Single(q => q.Name == "Billing");

        var moved = await bed.ActAsync("agent1", id, "transfer", new TransferConversation { QueueId = billing.Id });

        Assert.Equal("Queued", moved.State);
        Assert.Equal("Billing", moved.QueueName);
        await bed.ReadyAsync("agent3"); // Billing member with the Billing skill
        await bed.OfferedToAsync("agent3", id);
    }

    [Fact]
    public async Task A_conference_guest_joins_exits_and_only_the_owner_ends_it()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1");
        await bed.ReadyAsync("agent2");
        var agent2 = await bed.IdOfAsync("agent2");

        var requested = await bed.ActAsync("agent1", id, "conference", new ConferenceConversation { AgentId = agent2 });
        Assert.Contains(requested.Participants, p => p.Kind == "conference" && p.State == "Offered"); // Conference Requested
        await bed.AcceptAsync("agent2", id);
        var guestName = (await bed.StateOfAsync("agent2")).DisplayName;
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Text == $"{guestName} joined the chat");
        await (await bed.AgentAsync("agent2")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{id}/messages",
            new SendMessage { Text = "Second line here" });

        var (forbidden, _) = await (await bed.AgentAsync("agent2")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/end");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);

        var afterExit = await bed.ActAsync("agent2", id, "exit");
        Assert.Equal("Active", afterExit.State);
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Text == $"{guestName} left the chat");
        Assert.Equal("PostProcessing", (await bed.StateOfAsync("agent2")).State);

        // Another conference, ended by the owner: everyone goes to wrap-up.
        await bed.AvailableAsync("agent2");
        await bed.ActAsync("agent1", id, "conference", new ConferenceConversation { AgentId = agent2 });
        await bed.AcceptAsync("agent2", id);
        var ended = await bed.ActAsync("agent1", id, "end");
        Assert.Equal("WrapUp", ended.State);
        Assert.All(ended.Participants.Where(p => p.State is "Active" or "Offered"), _ => Assert.Fail("someone is still in the chat"));
    }

    [Fact]
    public async Task End_tells_the_customer_then_wrap_up_with_several_reasons_closes_the_chat()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var name = (await bed.StateOfAsync("agent1")).DisplayName;
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var reasons = await (await bed.AgentAsync("agent1")).GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons");

        var ended = await bed.ActAsync("agent1", id, "end");
        Assert.Equal("WrapUp", ended.State);
        Assert.Contains(await bed.CustomerSeesAsync(session), m => m.Kind == WebChatKind.Notice && m.Text == $"{name} left the chat");
        Assert.Equal("PostProcessing", (await bed.StateOfAsync("agent1")).State);

        var closed = await bed.ActAsync("agent1", id, "wrapup", new WrapUpConversation { ReasonIds = [reasons[0].Id, reasons[1].Id] });
        Assert.Equal("Closed", closed.State);
        Assert.Equal("Done", closed.Mine!.State);
    }

    [Fact]
    public async Task Mandatory_transaction_codes_keep_the_agent_in_post_processing_until_one_is_chosen()
    {
        var clock = new TestClock();
        await using var bed = new RoutingTestBed(services: s => s.AddSingleton<TimeProvider>(clock)); // 60 s of post processing
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var billing = (await (await bed.AgentAsync("agent1")).GetAsync<List<QueueDto>>("/api/queues")).Single(q => q.Name == "Billing");
        await bed.ActAsync("agent1", id, "transfer", new TransferConversation { QueueId = billing.Id });
        await bed.ReadyAsync("agent3");
        await bed.OfferedToAsync("agent3", id);
        await bed.AcceptAsync("agent3", id);
        await bed.ActAsync("agent3", id, "end");
        await bed.ReadyAsync("agent2");
        var (_, later) = await bed.ActiveChatAsync("agent2", "Later Lou"); // agent1 and agent3 are in post processing
        await bed.ActAsync("agent2", later, "end");

        clock.Advance(TimeSpan.FromSeconds(61)); // past every agent's post processing; the sweep finds it
        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent2")).State == "Available", TimeSpan.FromSeconds(10), "agent2's timer ran out");
        Assert.Equal("PostProcessing", (await bed.StateOfAsync("agent3")).State); // its timer ran out first, but the code is missing
        var agent3 = await bed.AgentAsync("agent3");
        Assert.Equal(HttpStatusCode.Conflict, (await agent3.ProblemAsync(HttpMethod.Put, "/api/agents/me/state",
            new SetAgentState { State = "Available" })).Status);
        var (noCode, problem) = await agent3.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/wrapup", new WrapUpConversation { ReasonIds = [1] });
        Assert.Equal(HttpStatusCode.BadRequest, noCode);
        Assert.Contains("Billing queue requires a transaction code", problem.GetProperty("errors").GetProperty("transactionCodes")[0].GetString());

        await bed.ActAsync("agent3", id, "wrapup", new WrapUpConversation { ReasonIds = [1], TransactionCodes = ["BILL-REF"] });

        Assert.Equal("Available", (await bed.StateOfAsync("agent3")).State);
    }

    [Fact]
    public async Task Post_processing_ends_by_its_timer_or_when_the_agent_ends_it()
    {
        await using var bed = new RoutingTestBed(postProcessingSeconds: 2);
        await bed.ReadyAsync("agent1");
        await bed.ReadyAsync("agent2");
        var (_, first) = await bed.ActiveChatAsync("agent1");
        var (_, second) = await bed.CustomerWritesAsync("Second Sam", "hello");
        await bed.OfferedToAsync("agent2", second);
        await bed.AcceptAsync("agent2", second);

        await bed.ActAsync("agent1", first, "end");
        await bed.ActAsync("agent2", second, "end");
        var inPostProcessing = await bed.StateOfAsync("agent1");
        Assert.Equal("PostProcessing", inPostProcessing.State);
        Assert.InRange(inPostProcessing.PostProcessingUntil!.Value - inPostProcessing.Since, 1900, 2100);

        Assert.Equal("Available", (await bed.AvailableAsync("agent2")).State); // ended by hand
        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent1")).State == "Available", TimeSpan.FromSeconds(10), "post processing timed out");
    }

    [Fact]
    public async Task Save_to_CRM_during_the_chat_is_a_closed_case_on_the_customer_and_after_it_an_open_orphan_case()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1", "Carla Case");
        var agent = await bed.AgentAsync("agent1");

        var during = await agent.SendAsync<CaseDto>(HttpMethod.Post, $"/api/conversations/{id}/save-to-crm", new SaveToCrm { TransactionCodes = ["INFO"] });
        await bed.ActAsync("agent1", id, "end");
        var after = await agent.SendAsync<CaseDto>(HttpMethod.Post, $"/api/conversations/{id}/save-to-crm", new SaveToCrm());

        Assert.Equal("Closed", during.Status);
        Assert.Equal("Carla Case", during.CustomerName);
        Assert.Contains("Hello, I need help with my order", during.Transcript);
        Assert.Equal(["INFO - Information only"], during.TransactionCodes.Select(c => c.Name));
        Assert.Equal("Open", after.Status);
        Assert.Null(after.CustomerId);
        Assert.Equal(id, after.ConversationId);
        Assert.Equal(("Support", "Support"), (during.QueueName, after.QueueName)); // back office filters cases by the queue of their chat
        var orphans = await agent.GetAsync<Paged<CaseSummary>>("/api/cases?orphan=true&status=Open");
        Assert.Contains(orphans.Items, c => c.Id == after.Id);
    }

    [Fact]
    public async Task A_customer_message_after_the_end_opens_a_new_conversation()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (session, id) = await bed.ActiveChatAsync("agent1");
        await bed.ActAsync("agent1", id, "end");

        await bed.CustomerSaysAsync(session, "One more thing!");

        var next = await bed.ConversationOfAsync(session);
        Assert.NotEqual(id, next);
        Assert.Equal("Queued", (await bed.ConversationAsync("agent1", next)).State);
        Assert.Equal(["One more thing!"], (await bed.ConversationAsync("agent1", next)).Messages.Select(m => m.Text));
        Assert.Equal("WrapUp", (await bed.ConversationAsync("agent1", id)).State);
    }

    [Fact]
    public async Task Inbox_and_assigned_views_group_by_channel_with_unread_counts_and_previews()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent4");
        var (session, id) = await bed.ActiveChatAsync("agent4");
        var (_, waiting) = await bed.CustomerWritesAsync("Waiting Will", "Is anyone there?");
        await bed.CustomerSaysAsync(session, "Are you still there?");
        var agent = await bed.AgentAsync("agent4");

        var assigned = await agent.GetAsync<ConversationList>("/api/conversations?view=assigned");
        var inbox = await agent.GetAsync<ConversationList>("/api/conversations?view=inbox");

        var mine = Assert.Single(Assert.Single(assigned.Groups).Conversations);
        Assert.Equal(id, mine.Id);
        Assert.Equal("Are you still there?", mine.LastMessagePreview);
        Assert.True(mine.Unread >= 1);
        var group = Assert.Single(inbox.Groups);
        Assert.Equal("webchat", group.Channel);
        Assert.Contains(group.Conversations, c => c.Id == waiting && c.LastMessagePreview == "Is anyone there?");

        await agent.GetAsync<ConversationDto>($"/api/conversations/{id}"); // reading marks it read
        Assert.Equal(0, (await agent.GetAsync<ConversationList>("/api/conversations?view=assigned")).Groups[0].Conversations[0].Unread);
    }
}
