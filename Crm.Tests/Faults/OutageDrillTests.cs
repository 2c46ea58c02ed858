using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Data;
using Crm.Tests.Events;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Crm.Tests.Channels.MetaPayloads;

namespace Crm.Tests.Faults;

/// <summary>
/// The channel API outage drill: the platform refuses (5xx), is unreachable (connection refused) or hangs; the reply is retried with
/// backoff inside the retry window, the agent sees "retrying" live with the reason and the next attempt, then "sent" (once) or "failed".
/// Short retry settings and a test clock (the outbox's own: Quartz keeps real time, so its triggers never misfire) keep it fast.
/// </summary>
public sealed class OutageDrillTests : IAsyncLifetime
{
    private const string MetaSecret = "outage-meta-secret";
    private readonly TestClock clock = new();
    private readonly MetaSigner meta = new(MetaSecret);
    private FakePlatform platform = null!;
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        bed = new RoutingTestBed(settings: new Dictionary<string, string?>
        {
            ["Channels:Messenger:AppSecret"] = MetaSecret, ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:WhatsApp:AppSecret"] = MetaSecret, ["Channels:WhatsApp:AccessToken"] = "wa-token", ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:Outbox:FirstRetrySeconds"] = "1", ["Channels:Outbox:MaxRetrySeconds"] = "1", ["Channels:Outbox:RetryWindowMinutes"] = "1",
            ["Channels:Outbox:SendTimeoutSeconds"] = "1", ["Channels:Outbox:ReconcileSeconds"] = "5",
        }, services: s => s.AddSingleton(sp => ActivatorUtilities.CreateInstance<ChannelOutbox>(sp, (TimeProvider)clock)));
        await bed.ReadyAsync("agent1");
    }

    [Fact]
    public async Task Refused_then_unreachable_the_agent_sees_retrying_with_the_reason_and_the_reply_is_sent_once_when_the_API_returns()
    {
        platform.Respond = r => r.PathAndQuery.Contains("/me/messages")
            ? (503, """{"error":{"message":"(#2) Service temporarily unavailable","code":2}}""")
            : null;
        var conversationId = await ActiveChatAsync("/webhooks/messenger", MessengerText("24300000000000001", "m_outage_in", "Where is my refund?"),
            "messenger", "24300000000000001");
        var agent = await bed.AgentAsync("agent1");
        using var events = await SseReader.ConnectAsync(agent.Http, "/api/events");

        var reply = await agent.SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversationId}/messages",
            new SendMessage { Text = "It is on its way" });

        var refused = await StatusAsync(events, reply.Id, s => s.Status == "retrying");
        Assert.Contains("messenger answered 503", refused.Error);
        Assert.Contains("temporarily unavailable", refused.Error);
        Assert.True(refused.NextAttemptAt > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000, "the next attempt is ahead");

        await platform.GoDownAsync();
        var unreachable = await StatusAsync(events, reply.Id, s => s.Status == "retrying" && s.Error!.Contains("could not be reached"));
        Assert.True(unreachable.SendAttempts > refused.SendAttempts);
        var shown = (await bed.ConversationAsync("agent1", conversationId)).Messages.Single(m => m.Id == reply.Id); // a reload shows it too
        Assert.Equal("retrying", shown.Status);
        Assert.Contains("could not be reached", shown.Error);
        Assert.NotNull(shown.NextAttemptAt);

        var accepted = 0;
        platform.Respond = r => { if (r.PathAndQuery.Contains("/me/messages")) Interlocked.Increment(ref accepted); return null; };
        await platform.ComeBackAsync();
        var sent = await StatusAsync(events, reply.Id, s => s.Status == "sent");

        Assert.Null(sent.Error);
        await OutboxIdleAsync(reply.Id); // the send's job is gone: nothing is left to try again
        Assert.Equal(1, accepted);
        var after = (await bed.ConversationAsync("agent1", conversationId)).Messages.Single(m => m.Id == reply.Id);
        Assert.Equal("sent", after.Status);
        Assert.Null(after.NextAttemptAt);
        Assert.StartsWith("m_fake_", after.ChannelMessageId);
    }

    [Fact]
    public async Task A_WhatsApp_send_that_hangs_after_the_platform_took_it_is_settled_by_its_status_webhook_and_never_sent_twice()
    {
        var sends = 0;
        platform.Hang = r => r.PathAndQuery.EndsWith("/messages") && Interlocked.Increment(ref sends) == 1 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero;
        var conversationId = await ActiveChatAsync("/webhooks/whatsapp",
            WhatsAppText("16505557777", "wamid.outage.in", "Is it shipped?", DateTimeOffset.UtcNow),
            "whatsapp", "16505557777");
        var agent = await bed.AgentAsync("agent1");
        using var events = await SseReader.ConnectAsync(agent.Http, "/api/events");

        var reply = await agent.SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversationId}/messages",
            new SendMessage { Text = "Yes, this morning" });

        var unanswered = await StatusAsync(events, reply.Id, s => s.Status == "retrying");
        Assert.Contains("whatsapp did not answer within 1 s", unanswered.Error);
        var call = Assert.Single(platform.Requests, r => r.PathAndQuery == $"/{PhoneNumberId}/messages");
        var reference = JsonNode.Parse(call.Body)!["biz_opaque_callback_data"]!.GetValue<string>();
        Assert.Equal($"crm-message-{reply.Id}", reference);

        // WhatsApp did take it: its status webhook names our reference (and an id we never got), before the retry is due.
        (await meta.PostAsync(bed.App.CreateClient(), "/webhooks/whatsapp", WhatsAppStatus("wamid.took-it", "sent", reference: reference)))
            .EnsureSuccessStatusCode();
        var sent = await StatusAsync(events, reply.Id, s => s.Status == "sent");

        Assert.Null(sent.Error);
        await OutboxIdleAsync(reply.Id);
        Assert.Single(platform.Requests, r => r.PathAndQuery == $"/{PhoneNumberId}/messages"); // never sent twice
        (await meta.PostAsync(bed.App.CreateClient(), "/webhooks/whatsapp", WhatsAppStatus("wamid.took-it", "delivered"))).EnsureSuccessStatusCode();
        var delivered = (await bed.ConversationAsync("agent1", conversationId)).Messages.Single(m => m.Id == reply.Id);
        Assert.Equal("delivered", delivered.Status);
        Assert.Equal("wamid.took-it", delivered.ChannelMessageId);
    }

    [Fact]
    public async Task Past_the_retry_window_the_reply_is_failed_with_the_reason_and_the_conversation_says_so()
    {
        platform.Respond = r => r.PathAndQuery.Contains("/me/messages") ? (502, """{"error":{"message":"Bad gateway"}}""") : null;
        var conversationId = await ActiveChatAsync("/webhooks/messenger", MessengerText("24300000000000002", "m_outage_in2", "Hello?"),
            "messenger", "24300000000000002");
        var agent = await bed.AgentAsync("agent1");
        using var events = await SseReader.ConnectAsync(agent.Http, "/api/events");
        var reply = await agent.SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversationId}/messages",
            new SendMessage { Text = "Still there?" });
        await StatusAsync(events, reply.Id, s => s.Status == "retrying");

        clock.Advance(TimeSpan.FromMinutes(2)); // the one-minute retry window passes
        var failed = await StatusAsync(events, reply.Id, s => s.Status == "failed");

        Assert.Contains("gave up after", failed.Error);
        Assert.Contains("messenger answered 502", failed.Error);
        await OutboxIdleAsync(reply.Id);
        var conversation = await bed.ConversationAsync("agent1", conversationId);
        Assert.Equal("failed", conversation.Messages.Single(m => m.Id == reply.Id).Status);
        Assert.Contains(conversation.Messages, m => m.Direction == "system" && m.Text.Contains("could not be delivered") && m.Text.Contains("gave up after"));
    }

    /// <summary>A customer's first message over a channel, offered to and accepted by agent1.</summary>
    private async Task<long> ActiveChatAsync(string path, string body, string channel, string address)
    {
        (await meta.PostAsync(bed.App.CreateClient(), path, body)).EnsureSuccessStatusCode();
        long id;
        await using (var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            id = await c.ExecuteScalarAsync<long>("SELECT MAX(id) FROM conversations WHERE channel = @channel AND address = @address",
                new { channel, address });
        await bed.OfferedToAsync("agent1", id);
        await bed.AcceptAsync("agent1", id);
        return id;
    }

    /// <summary>The next "message-status" push for this message that matches, as the desktop receives it.</summary>
    private static async Task<MessageStatusChanged> StatusAsync(SseReader events, long messageId, Func<MessageStatusChanged, bool> matches)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var message = await events.NextEventAsync(deadline - DateTime.UtcNow);
            if (message.Event != "message-status") continue;
            var status = JsonSerializer.Deserialize<MessageStatusChanged>(message.Data, CrmClient.Json)!;
            if (status.MessageId == messageId && matches(status)) return status;
        }
    }

    /// <summary>The reply's send job has finished for good (the positive sign that no later attempt can come).</summary>
    private async Task OutboxIdleAsync(long messageId)
    {
        var scheduler = await bed.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.TrueAsync(async () => !await scheduler.Exists(new JobKey($"outbox-{messageId}", "routing")), TimeSpan.FromSeconds(20),
            "the outbox job to finish");
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await platform.DisposeAsync();
    }
}
