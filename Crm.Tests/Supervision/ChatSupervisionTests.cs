using System.Net;
using System.Text.Json;
using Crm.ServiceInterface.Data;
using Crm.Tests.Events;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Supervision;

/// <summary>A supervisor stepping into a chat through HTTP and SSE: monitor, whisper, barge-in, take-over, leave, and who may.</summary>
public sealed class ChatSupervisionTests : IAsyncLifetime
{
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Agents_and_back_office_get_403_on_every_supervisor_action_and_the_chat_is_untouched()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var before = await bed.CustomerSeesAsync(session);
        foreach (var user in new[] { "agent1", "agent2", "backoffice" })
        {
            var client = await bed.AgentAsync(user);
            foreach (var action in new[] { "monitor", "barge", "take-over", "leave" })
                Assert.Equal(HttpStatusCode.Forbidden, (await client.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/{action}")).Status);
            var whisper = new WhisperToAgent { Text = "psst" };
            Assert.Equal(HttpStatusCode.Forbidden, (await client.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/whisper", whisper)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.ProblemAsync(HttpMethod.Get, "/api/supervision/chats")).Status);
        }
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM supervisions") + await CountAsync("SELECT COUNT(*) FROM whispers"));
        Assert.Equal(before, await bed.CustomerSeesAsync(session));
    }

    [Fact]
    public async Task A_supervisor_not_in_the_chat_is_refused_the_agents_actions_in_words_and_nothing_changes()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var before = await bed.CustomerSeesAsync(session);
        var supervisor = await bed.AgentAsync("supervisor");
        foreach (var (action, body) in new (string, object?)[]
                 {
                     ("accept", null), ("reject", null), ("end", new { }), ("send-to-inbox", null), ("exit", null),
                     ("transfer", new TransferConversation { QueueId = 1 }), ("wrapup", new WrapUpConversation { ReasonIds = [1] }),
                 })
        {
            var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/{action}", body);
            Assert.True((int)status is >= 400 and < 500, $"{action} answered {(int)status}");
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }
        var conversation = await bed.ConversationAsync("agent1", id);
        Assert.Equal(("Active", "Active"), (conversation.State, conversation.Mine!.State));
        Assert.Equal(before, await bed.CustomerSeesAsync(session));
    }

    [Fact]
    public async Task A_silent_monitor_follows_the_thread_live_marks_nothing_read_and_the_customer_sees_nothing()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var before = await bed.CustomerSeesAsync(session);
        var supervisor = await bed.AgentAsync("supervisor");
        using var supervisorEvents = await SseReader.ConnectAsync(supervisor.Http, "/api/events");
        using var agentEvents = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");

        var monitoring = await StepAsync(supervisor, id, "monitor");
        Assert.Equal(SupervisionMode.Monitoring, monitoring.Mine);
        var told = Deserialize<SupervisionChanged>(await agentEvents.FirstAsync("supervision"));
        Assert.Equal(SupervisionMode.Monitoring, Assert.Single(told.Supervisors).Mode);

        await bed.CustomerSaysAsync(session, "Are you still there?");
        var live = await Eventually.ValueAsync(async () =>
        {
            var e = await supervisorEvents.FirstAsync("message");
            return e.Data.Contains("Are you still there?") ? e : null;
        }, TimeSpan.FromSeconds(10), "the customer's message on the supervisor's stream");
        Assert.Contains($"\"conversationId\":{id}", live.Data);

        var seen = await supervisor.GetAsync<ConversationDto>($"/api/conversations/{id}");
        Assert.Contains(seen.Messages, m => m.Text == "Are you still there?");
        Assert.Null(seen.Mine);
        var assigned = await (await bed.AgentAsync("agent1")).GetAsync<ConversationList>("/api/conversations?view=assigned");
        Assert.Equal(1, assigned.Groups.SelectMany(g => g.Conversations).Single(c => c.Id == id).Unread); // still unread for the agent

        Assert.Equal([.. before.Select(m => m.Text), "Are you still there?"], (await bed.CustomerSeesAsync(session)).Select(m => m.Text));
        Assert.Equal(["supervisor.monitor"], await AuditAsync(id));
    }

    [Fact]
    public async Task A_whisper_reaches_the_agent_and_supervisors_labelled_coaching_but_never_the_visitor()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        using var agentEvents = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");
        using var visitorEvents = await SseReader.ConnectAsync(bed.App.CreateClient(), $"/api/webchat/sessions/{session}/events");

        var whisper = await supervisor.PostAsync($"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Offer the 10% voucher" });
        Assert.Equal("whisper", whisper.Direction);
        Assert.Equal(SupervisionMode.Coaching, Deserialize<SupervisionChanged>(await agentEvents.FirstAsync("supervision")).Supervisors.Single().Mode);
        var pushed = Deserialize<MessageAdded>(await agentEvents.FirstAsync("message"));
        Assert.Equal(("whisper", "Offer the 10% voucher"), (pushed.Message.Direction, pushed.Message.Text));

        var agentView = await bed.ConversationAsync("agent1", id);
        Assert.Contains(agentView.Messages, m => m.Direction == "whisper" && m.Text == "Offer the 10% voucher" && m.AuthorKind == "supervisor");
        Assert.DoesNotContain((await bed.ConversationAsync("agent2", id)).Messages, m => m.Direction == "whisper"); // not in the chat

        // The agent's reply after the whisper proves the visitor's stream moved past it.
        await (await bed.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "We can offer you a voucher" });
        var visitorSaw = await visitorEvents.EventsUntilAsync("message");
        Assert.Contains("We can offer you a voucher", visitorSaw[^1].Data);
        Assert.DoesNotContain(visitorSaw, e => e.Data.Contains("10%"));
        Assert.DoesNotContain(await bed.CustomerSeesAsync(session), m => m.Text.Contains("10%"));
        // The saved transcript can be e-mailed to the customer: coaching is not in it.
        var saved = await (await bed.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/save-to-crm", new SaveToCrm());
        Assert.Contains("We can offer you a voucher", saved.Transcript);
        Assert.DoesNotContain("10%", saved.Transcript);
        Assert.Equal(["supervisor.whisper"], await AuditAsync(id));
    }

    [Fact]
    public async Task A_whisper_needs_text_within_the_limit_and_nothing_is_stored_when_refused()
    {
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        var tooLong = new WhisperToAgent { Text = new string('a', 4001) };
        (status, problem) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/whisper", tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("4,000", problem.GetRawText());
        (status, _) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/whisper", new { text = 12 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var nothing = new StringContent("", System.Text.Encoding.UTF8, "application/json");
        using var empty = await supervisor.Http.PostAsync($"/api/conversations/{id}/whisper", nothing);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM whispers") + await CountAsync("SELECT COUNT(*) FROM supervisions"));
    }

    [Fact]
    public async Task A_supervisor_writes_to_the_customer_only_while_joined_and_leaving_is_shown_to_the_customer()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        var name = (await supervisor.GetAsync<JsonElement>("/api/auth/me")).GetProperty("displayName").GetString();

        var (beforeJoining, _) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "Hi" });
        Assert.Equal(HttpStatusCode.Conflict, beforeJoining);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/leave")).Status);

        var joined = await StepAsync(supervisor, id, "barge");
        Assert.Equal(SupervisionMode.Joined, joined.Mine);
        await supervisor.PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "I am the team lead, happy to help" });
        var left = await StepAsync(supervisor, id, "leave");
        Assert.Null(left.Mine);
        var (afterLeaving, _) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, afterLeaving);

        var customer = await bed.CustomerSeesAsync(session);
        Assert.Equal([$"{name} joined the chat", "I am the team lead, happy to help", $"{name} left the chat"],
            customer.SkipWhile(m => !m.Text.StartsWith(name!)).Select(m => m.Text));
        Assert.Equal(name, customer.Single(m => m.Text == "I am the team lead, happy to help").AuthorName);
        Assert.Empty((await supervisor.GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).Supervisors);
        Assert.Equal(1, (await bed.StateOfAsync("agent1")).Load); // the agent still holds this chat
        Assert.Equal(["supervisor.barge", "supervisor.leave"], await AuditAsync(id));
    }

    [Fact]
    public async Task Monitor_whisper_barge_and_take_over_in_sequence_the_customer_sees_only_the_barge_in_and_the_supervisors_messages()
    {
        var (session, id) = await bed.ActiveChatAsync("agent1");
        var agent = await bed.StateOfAsync("agent1");
        await (await bed.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Let me check that for you" });
        var before = (await bed.CustomerSeesAsync(session)).Select(m => m.Text).ToList();
        var supervisor = await bed.AgentAsync("supervisor");
        var name = (await supervisor.GetAsync<JsonElement>("/api/auth/me")).GetProperty("displayName").GetString();
        using var visitorEvents = await SseReader.ConnectAsync(bed.App.CreateClient(), $"/api/webchat/sessions/{session}/events");
        using var agentEvents = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");

        await StepAsync(supervisor, id, "monitor");
        await supervisor.PostAsync($"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Ask for the order number first" });
        await StepAsync(supervisor, id, "barge");
        await supervisor.PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Hello, I am joining to help" });
        var tookOver = await StepAsync(supervisor, id, "take-over");
        Assert.Empty(tookOver.Supervisors);
        Assert.Equal(name, tookOver.TookOverBy);
        var takenOver = Deserialize<ChatTakenOver>(await agentEvents.FirstAsync("taken-over"));
        Assert.Equal((id, name), (takenOver.ConversationId, takenOver.SupervisorName));
        Assert.Equal(name, (await (await bed.AgentAsync("agent1")).GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).TookOverBy);

        var conversation = await supervisor.GetAsync<ConversationDto>($"/api/conversations/{id}");
        Assert.Equal(name, conversation.OwnerName);
        Assert.Equal(("Active", "transfer"), (conversation.Mine!.State, conversation.Mine.Kind));
        Assert.Equal("WrapUp", conversation.Participants.Single(p => p.AgentId == agent.Id).State);
        Assert.Equal("PostProcessing", (await bed.StateOfAsync("agent1")).State);

        // After the take-over the supervisor chats, ends and wraps up like an agent.
        await supervisor.PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Your refund is on its way" });
        var seen = (await bed.CustomerSeesAsync(session)).Select(m => m.Text).ToList();
        Assert.Equal([.. before, $"{name} joined the chat", "Hello, I am joining to help", "Your refund is on its way"], seen);

        await supervisor.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/end", new { });
        var pushed = await visitorEvents.EventsUntilAsync("ended");
        Assert.DoesNotContain(pushed, e => e.Data.Contains("order number"));
        Assert.Equal(["joined the chat", "Hello, I am joining to help", "Your refund is on its way", "left the chat"],
            pushed.Where(e => e.Event == "message").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("message").GetProperty("text").GetString()!)
                .Select(t => t.EndsWith("the chat") ? t[(name!.Length + 1)..] : t));
        var reason = (await supervisor.GetAsync<List<JsonElement>>("/api/wrapup-reasons"))[0].GetProperty("id").GetInt64();
        var wrapUp = new WrapUpConversation { ReasonIds = [reason] };
        var done = await supervisor.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/wrapup", wrapUp);
        Assert.Equal("Done", done.Mine!.State);
        Assert.Equal(["supervisor.monitor", "supervisor.whisper", "supervisor.barge", "supervisor.take-over"], await AuditAsync(id));
    }

    [Fact]
    public async Task Modes_switch_during_the_chat_and_the_end_of_the_chat_ends_every_supervision()
    {
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        var admin = await bed.AgentAsync("admin");
        await supervisor.PostAsync($"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Nice tone" });
        await StepAsync(admin, id, "monitor");
        var back = await StepAsync(supervisor, id, "monitor");
        Assert.Equal([SupervisionMode.Monitoring, SupervisionMode.Monitoring], back.Supervisors.Select(s => s.Mode));

        var list = await supervisor.GetAsync<List<ChatInProgress>>("/api/supervision/chats");
        var row = Assert.Single(list, c => c.Id == id);
        Assert.Equal(((await bed.StateOfAsync("agent1")).DisplayName, "Active", "webchat", "Support"), (row.AgentName, row.State, row.Channel, row.QueueName));
        Assert.Equal(2, row.Supervisors.Count);

        await bed.ActAsync("agent1", id, "end");
        Assert.Empty((await supervisor.GetAsync<ChatSupervisionDto>($"/api/conversations/{id}/supervision")).Supervisors);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/barge")).Status);
        Assert.DoesNotContain(await supervisor.GetAsync<List<ChatInProgress>>("/api/supervision/chats"), c => c.Id == id);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM supervisions WHERE mode = 'Ended' AND ended_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_supervisors_part_never_counts_against_the_agents_capacity_or_routing()
    {
        var supervisor = await bed.AgentAsync("supervisor");
        var (_, first) = await bed.ActiveChatAsync("agent1");
        await StepAsync(supervisor, first, "barge");
        await supervisor.PostAsync($"/api/conversations/{first}/whisper", new WhisperToAgent { Text = "Good" });
        Assert.Equal(1, (await bed.StateOfAsync("agent1")).Load);
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM participations WHERE conversation_id = {first}"));
        var (_, second) = await bed.CustomerWritesAsync("Second Customer", "Me next");
        await bed.OfferedToAsync("agent1", second); // capacity 3: the supervisor's part took no slot
    }

    [Fact]
    public async Task An_offered_chat_can_be_monitored_and_coached_but_not_barged_into_or_taken_over_until_answered()
    {
        var (session, id) = await bed.CustomerWritesAsync("Olga Offered", "Anyone?");
        await bed.OfferedToAsync("agent1", id);
        var supervisor = await bed.AgentAsync("supervisor");
        Assert.Equal(SupervisionMode.Monitoring, (await StepAsync(supervisor, id, "monitor")).Mine);
        foreach (var action in new[] { "barge", "take-over" })
        {
            var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/{action}");
            Assert.Equal(HttpStatusCode.Conflict, status);
            Assert.Contains("No agent has accepted this chat yet", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.ProblemAsync(HttpMethod.Post, "/api/conversations/999999/monitor")).Status);
        var chats = await supervisor.GetAsync<List<ChatInProgress>>("/api/supervision/chats");
        Assert.Equal(("Offered", (await bed.StateOfAsync("agent1")).DisplayName), chats.Where(c => c.Id == id).Select(c => (c.State, c.AgentName)).Single());
        Assert.DoesNotContain(await bed.CustomerSeesAsync(session), m => m.Kind == WebChatKind.Notice);
    }

    private static Task<ChatSupervisionDto> StepAsync(CrmClient supervisor, long id, string action) =>
        supervisor.SendAsync<ChatSupervisionDto>(HttpMethod.Post, $"/api/conversations/{id}/{action}", null);

    private static T Deserialize<T>(SseMessage message) => JsonSerializer.Deserialize<T>(message.Data, CrmClient.Json)!;

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private async Task<List<string>> AuditAsync(long conversationId)
    {
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return (await c.QueryAsync<string>(
            "SELECT action FROM audit_log WHERE entity = 'conversation' AND entity_id = @conversationId AND action LIKE 'supervisor.%' ORDER BY id",
            new { conversationId })).ToList();
    }
}
