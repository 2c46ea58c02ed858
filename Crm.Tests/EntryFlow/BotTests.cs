using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.ServiceInterface.EntryFlow;
using Crm.Tests.Routing;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>Bot pre-handling: the built-in Customer Virtual Assistant (FAQ answers, handoff) and an external bot on a loopback fake.</summary>
public sealed class BotTests : IAsyncLifetime
{
    private const string Bot = EntryFlowEngine.BotAuthor, Secret = "bot-secret-42";
    private readonly EntryFlowBed flow = new(new Dictionary<string, string?> { ["Crm:EntryFlow:BotTimeoutSeconds"] = "2" });
    private FakePlatform fakeBot = null!;
    private Crm.Tests.Routing.RoutingTestBed Bed => flow.Bed;

    public async Task InitializeAsync()
    {
        fakeBot = await FakePlatform.StartAsync();
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // inside the hours: the bot, not the closed message, answers
    }

    public async Task DisposeAsync()
    {
        await flow.DisposeAsync();
        await fakeBot.DisposeAsync();
    }

    [Fact]
    public async Task The_built_in_bot_greets_answers_from_the_FAQ_and_hands_off_when_asked_for_an_agent()
    {
        await flow.EntryPointAsync("webchat", null, change: e => e.Bot = "builtin");
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Quinn Question", "What are your opening hours?");

        var replies = await flow.AutomaticRepliesAsync(session, Bot);
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("Hi, I'm the virtual assistant", replies[0].Text);
        Assert.StartsWith("Our team answers chats Monday to Friday", replies[1].Text);
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);

        await Bed.CustomerSaysAsync(session, "Thanks. Can I talk to an agent please?");
        await Bed.OfferedToAsync("agent1", id);
        var conversation = await Bed.AcceptAsync("agent1", id);
        // The agent sees what the bot said, labelled as the bot.
        Assert.Contains(conversation.Messages, m => m.AuthorKind == "bot" && m.AuthorName == Bot && m.Text.StartsWith("Our team answers chats"));
        Assert.Contains(conversation.Messages, m => m.Direction == "system" && m.Text.Contains("the customer asked for an agent"));

        // Silent from the moment an agent accepts: the customer's next question reaches the agent, and no bot answer joins it.
        var botLines = (await flow.AutomaticRepliesAsync(session, Bot)).Count;
        await Bed.CustomerSaysAsync(session, "How do I reset my password?");
        var after = await Bed.ConversationAsync("agent1", id);
        Assert.Equal("How do I reset my password?", after.Messages.Last(m => m.Direction == "in").Text);
        Assert.Equal(botLines, (await flow.AutomaticRepliesAsync(session, Bot)).Count);
    }

    [Fact]
    public async Task A_chat_that_waited_for_the_opening_goes_through_the_bot_first_and_is_greeted_like_a_new_one()
    {
        flow.Clock.Set(Utc("2026-06-16T05:00:00")); // Tuesday 07:00 in Madrid: closed until 09:00
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id, change: e => e.Bot = "builtin");
        var (session, id) = await Bed.CustomerWritesAsync("Early Erin", "What are your opening hours?");
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);
        Assert.Empty(await flow.AutomaticRepliesAsync(session, Bot)); // closed: the closed message, not the bot

        flow.Clock.Set(Utc("2026-06-16T07:00:01")); // opening: the sweep lets the chat in, to the bot
        await Bed.ReadyAsync("agent1");
        await Eventually.TrueAsync(async () => (await flow.AutomaticRepliesAsync(session, Bot)).Count == 2, TimeSpan.FromSeconds(10), "the bot's greeting");
        var replies = await flow.AutomaticRepliesAsync(session, Bot);
        Assert.StartsWith("Hi, I'm the virtual assistant", replies[0].Text);
        Assert.StartsWith("Our team answers chats Monday to Friday", replies[1].Text); // it answered the question written while closed
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);

        await Bed.CustomerSaysAsync(session, "Thanks, an agent please");
        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task A_customer_silent_with_the_bot_for_the_set_minutes_is_told_goodbye_and_the_chat_is_closed_by_the_bot()
    {
        const string Goodbye = "No news from you, so I'm closing this chat. Write again any time.";
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "builtin"; e.BotSilenceMinutes = 30; e.BotClosingMessage = Goodbye; });
        var start = flow.Clock.GetUtcNow();
        var (session, id) = await Bed.CustomerWritesAsync("Sam Silent", "What are your opening hours?");
        flow.Clock.Advance(TimeSpan.FromMinutes(20));
        await Bed.CustomerSaysAsync(session, "And on Saturdays?"); // writing again moves the deadline to 20 + 30 minutes

        flow.Clock.Advance(TimeSpan.FromMinutes(31));
        await Eventually.TrueAsync(async () => (await flow.HoldOfAsync(id)).State == "Closed", TimeSpan.FromSeconds(15), "the bot closing the chat");

        Assert.Equal(Goodbye, (await flow.AutomaticRepliesAsync(session, Bot)).Last().Text);
        Assert.Equal((null, null, "Closed"), await flow.HoldOfAsync(id));
        var endedAt = await flow.ScalarAsync("SELECT ended_at FROM conversations WHERE id = @id", new { id });
        Assert.True(endedAt >= start.AddMinutes(50).ToUnixTimeMilliseconds(), "closed 30 minutes after the customer's last message, not the first");
        var playback = await (await Bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        Assert.Contains(playback.Entries, e => e.Text.Contains("The virtual assistant closed the chat: the customer had not written for 30 minutes"));
        Assert.Contains(playback.Entries, e => e.Kind == PlaybackEntryKind.BotMessage && e.Text == Goodbye);
    }

    [Fact]
    public async Task The_silence_limit_and_closing_message_are_refused_in_words_outside_their_limits()
    {
        var (status, problem) = await (await flow.AdminAsync()).ProblemAsync(HttpMethod.Post, "/api/admin/entry-points", new SaveEntryPoint
        {
            Channel = "webchat", QueueId = await flow.QueueIdAsync("Support"), OutsideHoursMessage = "Closed", Bot = "builtin",
            BotSilenceMinutes = 0, BotClosingMessage = new string('g', 1001),
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, status);
        Assert.Equal(["botClosingMessage", "botSilenceMinutes"], Crm.Tests.Admin.AdminTestData.Fields(problem));
        Assert.Equal("The bot closes a silent chat after 1 to 1,440 minutes (leave it empty to wait for ever).",
            Crm.Tests.Admin.AdminTestData.Error(problem, "botSilenceMinutes"));
    }

    [Fact]
    public async Task The_built_in_bot_hands_off_after_the_set_number_of_questions_it_cannot_answer()
    {
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "builtin"; e.BotMaxMisses = 2; });
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Mona Miss", "Hello");
        await Bed.CustomerSaysAsync(session, "Zebra stripes pattern question");
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);
        Assert.Equal(CustomerVirtualAssistant.NoMatch, (await flow.AutomaticRepliesAsync(session, Bot)).Last().Text);
        await Bed.CustomerSaysAsync(session, "Purple elephants dancing");

        await Bed.OfferedToAsync("agent1", id);
        Assert.Equal(CustomerVirtualAssistant.HandingOver, (await flow.AutomaticRepliesAsync(session, Bot)).Last().Text);
    }

    [Fact]
    public async Task The_built_in_bot_hands_off_after_the_set_number_of_messages_even_when_it_answers()
    {
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "builtin"; e.BotMaxMessages = 2; });
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Max Messages", "How do I update the app?");
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);
        await Bed.CustomerSaysAsync(session, "And how do I reset my password?");

        await Bed.OfferedToAsync("agent1", id);
        Assert.Contains(await flow.AutomaticRepliesAsync(session, Bot), m => m.Text.StartsWith("You can reset your password"));
    }

    [Fact]
    public async Task An_external_bot_gets_each_message_signed_replies_and_hands_off_to_the_queue_it_names()
    {
        var calls = 0;
        fakeBot.Respond = _ => Interlocked.Increment(ref calls) == 1
            ? (200, """{"reply":"Hello from your bot. Billing or sales?"}""")
            : (200, """{"reply":"Passing you to billing.","handoff":{"queue":"Billing"}}""");
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "external"; e.BotUrl = fakeBot.BaseUrl + "/bot"; e.BotSecret = Secret; });
        await Bed.ReadyAsync("agent3"); // Billing

        var (session, id) = await Bed.CustomerWritesAsync("Bea Billing", "Hi");
        await Eventually.TrueAsync(async () => (await flow.AutomaticRepliesAsync(session, Bot)).Count == 1, TimeSpan.FromSeconds(10), "the bot's first reply");
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);
        await Bed.CustomerSaysAsync(session, "Billing, I was charged twice");

        await Bed.OfferedToAsync("agent3", id);
        Assert.Equal("Billing", (await Bed.ConversationAsync("agent3", id)).QueueName);
        Assert.Equal(["Hello from your bot. Billing or sales?", "Passing you to billing."],
            (await flow.AutomaticRepliesAsync(session, Bot)).Select(m => m.Text));

        var requests = fakeBot.Requests.ToList();
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(request.Body)));
            Assert.Equal(expected, request.Headers["X-Crm-Signature-256"]);
            Assert.Equal("/bot", request.PathAndQuery);
        }
        var second = JsonDocument.Parse(requests[1].Body).RootElement;
        Assert.Equal("Billing, I was charged twice", second.GetProperty("text").GetString());
        Assert.Equal(id, second.GetProperty("conversationId").GetInt64());
    }

    [Fact]
    public async Task A_failing_external_bot_hands_off_at_once()
    {
        fakeBot.Respond = _ => (500, """{"error":"boom"}""");
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "external"; e.BotUrl = fakeBot.BaseUrl + "/bot"; e.BotSecret = Secret; });
        await Bed.ReadyAsync("agent1");

        var (_, id) = await Bed.CustomerWritesAsync("Fay Failure", "Hello bot?");

        await Bed.OfferedToAsync("agent1", id);
        var conversation = await Bed.ConversationAsync("agent1", id);
        Assert.Contains(conversation.Messages, m => m.Direction == "system" && m.Text.Contains("the bot failed: it answered 500"));
    }

    [Fact]
    public async Task An_external_bot_that_does_not_answer_in_time_hands_off()
    {
        var release = new TaskCompletionSource();
        fakeBot.Respond = _ => { release.Task.Wait(TimeSpan.FromSeconds(20)); return (200, """{"reply":"too late"}"""); };
        await flow.EntryPointAsync("webchat", null, change: e => { e.Bot = "external"; e.BotUrl = fakeBot.BaseUrl + "/bot"; e.BotSecret = Secret; });
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Tim Timeout", "Anyone?");

        await Bed.OfferedToAsync("agent1", id);
        release.SetResult();
        Assert.Contains((await Bed.ConversationAsync("agent1", id)).Messages, m => m.Text.Contains("did not answer in time"));
        Assert.Empty(await flow.AutomaticRepliesAsync(session, Bot));
    }
}
