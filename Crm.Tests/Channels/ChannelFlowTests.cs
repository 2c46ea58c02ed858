using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

using static Crm.Tests.Channels.MetaPayloads;

namespace Crm.Tests.Channels;

/// <summary>The social channels end to end: signed webhooks in (the shared payloads), replies out to a fake platform API, statuses back.</summary>
public sealed class ChannelFlowTests : IAsyncLifetime
{
    private const string MetaSecret = "meta-app-secret", TwilioToken = "twilio-auth-token", PhoneNumberId = "106540352242922";
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
            ["Channels:Twilio:AccountSid"] = "AC123", ["Channels:Twilio:AuthToken"] = TwilioToken, ["Channels:Twilio:FromNumber"] = "+15558675310",
            ["Channels:Twilio:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Twilio:PublicBaseUrl"] = "http://localhost",
            ["Channels:Outbox:FirstRetrySeconds"] = "1",
        });
        await bed.ReadyAsync("agent1");
    }

    [Fact]
    public async Task A_WhatsApp_message_delivered_three_times_is_stored_once_for_the_contact_named_in_the_payload()
    {
        var body = WhatsAppText("16505551234", "wamid.dup1", "Does it come in another color?", DateTimeOffset.UtcNow);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await PostMetaAsync("/webhooks/whatsapp", body)).StatusCode);

        var conversation = await ConversationAsync("whatsapp", "16505551234");
        Assert.Equal("Sheena Nelson", conversation.CustomerName);
        Assert.Equal(["Does it come in another color?"], conversation.Messages.Where(m => m.Direction == "in").Select(m => m.Text));
        Assert.Equal("wamid.dup1", conversation.Messages[0].ChannelMessageId);
        var customer = await (await bed.AgentAsync("agent1")).GetAsync<CustomerDto>($"/api/customers/{conversation.CustomerId}");
        Assert.Contains(customer.Identities, i => i.Channel == "phone" && i.Address == "+16505551234");
    }

    [Fact]
    public async Task SMS_and_WhatsApp_from_one_number_are_one_customer_and_Twilio_gets_empty_TwiML()
    {
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppText("16505550123", "wamid.same1", "Hi on WhatsApp", DateTimeOffset.UtcNow));
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0000000000000000000000000000abcd", ["AccountSid"] = "AC123", ["From"] = "+16505550123", ["To"] = "+15558675310",
            ["Body"] = "And now by SMS", ["NumMedia"] = "0",
        };

        var response = await PostTwilioAsync(form);

        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response", await response.Content.ReadAsStringAsync());
        var sms = await ConversationAsync("sms", "+16505550123");
        var whatsApp = await ConversationAsync("whatsapp", "16505550123");
        Assert.Equal(whatsApp.CustomerId, sms.CustomerId);
    }

    [Fact]
    public async Task An_SMS_reply_goes_to_the_Twilio_Messages_API_with_basic_auth_and_the_agents_name()
    {
        await PostTwilioAsync(new Dictionary<string, string>
        {
            ["MessageSid"] = "SM00000000000000000000000000000sms", ["AccountSid"] = "AC123", ["From"] = "+16505554444", ["To"] = "+15558675310",
            ["Body"] = "Is my repair ready?", ["NumMedia"] = "0",
        });
        var conversation = await ConversationAsync("sms", "+16505554444");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);
        var agentName = (await bed.StateOfAsync("agent1")).DisplayName;

        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Yes, you can pick it up today." });

        var sent = await Eventually.ValueAsync(async () =>
            (await bed.ConversationAsync("agent1", conversation.Id)).Messages.SingleOrDefault(m => m.Id == reply.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the SMS sent");
        var call = Assert.Single(platform.Requests, r => r.PathAndQuery == "/2010-04-01/Accounts/AC123/Messages.json");
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"AC123:{TwilioToken}")), call.Headers["Authorization"]);
        var form = System.Web.HttpUtility.ParseQueryString(call.Body);
        Assert.Equal("+16505554444", form["To"]);
        Assert.Equal("+15558675310", form["From"]);
        Assert.Equal($"{agentName}: Yes, you can pick it up today.", form["Body"]);
        Assert.StartsWith("SM", sent.ChannelMessageId);
    }

    [Fact]
    public async Task A_reply_over_the_platforms_limit_is_refused_in_words_before_it_is_stored()
    {
        await PostTwilioAsync(new Dictionary<string, string>
        {
            ["MessageSid"] = "SM0000000000000000000000000000long", ["AccountSid"] = "AC123", ["From"] = "+16505553333", ["To"] = "+15558675310",
            ["Body"] = "Tell me everything.", ["NumMedia"] = "0",
        });
        var conversation = await ConversationAsync("sms", "+16505553333");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);

        var (status, problem) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = new string('s', 1_700) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("SMS messages can be at most 1,600 characters", problem.GetProperty("errors").GetProperty("text")[0].GetString());
        Assert.DoesNotContain((await bed.ConversationAsync("agent1", conversation.Id)).Messages, m => m.Direction == "out" && m.AuthorKind == "agent");
    }

    [Fact]
    public async Task A_forged_or_missing_signature_is_refused_and_nothing_is_stored()
    {
        var body = WhatsAppText("16505559999", "wamid.forged", "Let me in", DateTimeOffset.UtcNow);
        using var http = bed.App.CreateClient();

        var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = Json(body) };
        forged.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = Json(body) };

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(unsigned)).StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM messages WHERE channel_message_id = 'wamid.forged'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM customer_identities WHERE address = '+16505559999'"));
    }

    [Fact]
    public async Task A_batched_Messenger_post_with_two_entries_of_two_events_stores_all_four()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        JsonObject Event(string psid, string mid, string text) => new()
        {
            ["sender"] = new JsonObject { ["id"] = psid }, ["recipient"] = new JsonObject { ["id"] = "999" }, ["timestamp"] = now,
            ["message"] = new JsonObject { ["mid"] = mid, ["text"] = text },
        };
        var body = new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(
                new JsonObject { ["id"] = "999", ["time"] = now,
                    ["messaging"] = new JsonArray(Event("24000000000000001", "m_b1", "one"), Event("24000000000000002", "m_b2", "two")) },
                new JsonObject { ["id"] = "999", ["time"] = now,
                    ["messaging"] = new JsonArray(Event("24000000000000001", "m_b3", "three"), Event("24000000000000002", "m_b4", "four")) }),
        }.ToJsonString();

        Assert.Equal(HttpStatusCode.OK, (await PostMetaAsync("/webhooks/messenger", body)).StatusCode);

        Assert.Equal(["one", "three"],
            (await ConversationAsync("messenger", "24000000000000001")).Messages.Where(m => m.Direction == "in").Select(m => m.Text));
        Assert.Equal(["two", "four"],
            (await ConversationAsync("messenger", "24000000000000002")).Messages.Where(m => m.Direction == "in").Select(m => m.Text));
    }

    [Fact]
    public async Task A_reply_goes_to_the_WhatsApp_API_with_the_agents_name_and_its_statuses_come_back()
    {
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppText("16505551111", "wamid.in1", "Hello", DateTimeOffset.UtcNow));
        var conversation = await ConversationAsync("whatsapp", "16505551111");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);
        var agentName = (await bed.StateOfAsync("agent1")).DisplayName;

        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Yes, in blue" });
        Assert.Equal("queued", reply.Status);
        var sent = await Eventually.ValueAsync(async () =>
            (await bed.ConversationAsync("agent1", conversation.Id)).Messages.SingleOrDefault(m => m.Id == reply.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the reply sent");

        var call = Assert.Single(platform.Requests, r => r.PathAndQuery == $"/{PhoneNumberId}/messages");
        Assert.Equal("Bearer wa-token", call.Headers["Authorization"]);
        var payload = JsonNode.Parse(call.Body)!;
        Assert.Equal("+16505551111", payload["to"]!.GetValue<string>()); // as the Cloud API request in the shared contract
        Assert.Equal($"{agentName}: Yes, in blue", payload["text"]!["body"]!.GetValue<string>());

        await PostMetaAsync("/webhooks/whatsapp", WhatsAppStatus(sent.ChannelMessageId!, "delivered"));
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppStatus(sent.ChannelMessageId!, "read"));
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppStatus(sent.ChannelMessageId!, "delivered")); // late: never downgrades

        Assert.Equal("read", (await bed.ConversationAsync("agent1", conversation.Id)).Messages.Single(m => m.Id == reply.Id).Status);
    }

    [Fact]
    public async Task A_failed_status_says_so_in_the_conversation()
    {
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppText("16505552222", "wamid.in2", "Hello", DateTimeOffset.UtcNow));
        var conversation = await ConversationAsync("whatsapp", "16505552222");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);
        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Here you go" });
        var sent = await Eventually.ValueAsync(async () =>
            (await bed.ConversationAsync("agent1", conversation.Id)).Messages.SingleOrDefault(m => m.Id == reply.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the reply sent");

        await PostMetaAsync("/webhooks/whatsapp", WhatsAppStatus(sent.ChannelMessageId!, "failed", error: "Message undeliverable"));

        var after = await bed.ConversationAsync("agent1", conversation.Id);
        Assert.Equal("failed", after.Messages.Single(m => m.Id == reply.Id).Status);
        Assert.Contains(after.Messages, m => m.Direction == "system" && m.Text.Contains("could not be delivered") && m.Text.Contains("undeliverable"));
    }

    [Fact]
    public async Task A_failing_platform_is_retried_until_it_accepts_and_the_reply_is_sent_once()
    {
        var failures = 2;
        platform.Respond = r => r.PathAndQuery.Contains("/me/messages") && Interlocked.Decrement(ref failures) >= 0
            ? (503, """{"error":{"message":"Temporarily unavailable"}}""")
            : null;
        await PostMetaAsync("/webhooks/messenger", MessengerText("24000000000000077", "m_retry_in", "Hello"));
        var conversation = await ConversationAsync("messenger", "24000000000000077");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);

        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Sorry for the wait" });

        await Eventually.ValueAsync(async () =>
                (await bed.ConversationAsync("agent1", conversation.Id)).Messages.SingleOrDefault(m => m.Id == reply.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(20), "sent after two failures");
        await NoSendLeftAsync(reply.Id);
        var sends = platform.Requests.Where(r => r.PathAndQuery.Contains("/me/messages")).ToList();
        Assert.Equal(3, sends.Count); // two refused, one accepted, none after
        var payload = JsonNode.Parse(sends[^1].Body)!;
        Assert.Equal("24000000000000077", payload["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("RESPONSE", payload["messaging_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_echo_of_a_reply_whose_send_looked_failed_marks_it_sent_and_the_retry_sends_nothing_twice()
    {
        // The platform took it, the answer was lost.
        platform.Respond = r => r.PathAndQuery.Contains("/me/messages") ? (504, """{"error":{"message":"Gateway timeout"}}""") : null;
        await PostMetaAsync("/webhooks/messenger", MessengerText("24000000000000088", "m_echo_in", "Hello"));
        var conversation = await ConversationAsync("messenger", "24000000000000088");
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);
        var agentName = (await bed.StateOfAsync("agent1")).DisplayName;

        var reply = await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Your refund is on its way" });
        await Eventually.TrueAsync(() => Task.FromResult(platform.Requests.Any(r => r.PathAndQuery.Contains("/me/messages"))), TimeSpan.FromSeconds(10),
            "the first send");
        await PostMetaAsync("/webhooks/messenger", MessengerEcho("24000000000000088", "m_echoed_1", $"{agentName}: Your refund is on its way"));
        platform.Respond = _ => null;
        await NoSendLeftAsync(reply.Id); // the retry came, found the echo, and sent nothing

        var sent = (await bed.ConversationAsync("agent1", conversation.Id)).Messages.Single(m => m.Id == reply.Id);
        Assert.Equal("sent", sent.Status);
        Assert.Equal("m_echoed_1", sent.ChannelMessageId);
        Assert.Single(platform.Requests, r => r.PathAndQuery.Contains("/me/messages"));
        Assert.DoesNotContain((await bed.ConversationAsync("agent1", conversation.Id)).Messages, m => m.Direction == "in" && m.Text.Contains("refund"));
    }

    [Fact]
    public async Task Outside_the_WhatsApp_24_hour_window_free_text_is_refused_with_409_and_the_window_is_reported()
    {
        await PostMetaAsync("/webhooks/whatsapp", WhatsAppText("16505553333", "wamid.old", "Are you open?", DateTimeOffset.UtcNow.AddHours(-25)));
        var conversation = await ConversationAsync("whatsapp", "16505553333");
        await bed.OfferedToAsync("agent1", conversation.Id);
        var accepted = await bed.AcceptAsync("agent1", conversation.Id);

        var (status, problem) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Yes!" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("window closed", problem.GetProperty("detail").GetString());
        Assert.True(accepted.WindowClosesAt < DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Empty(platform.Requests);
    }

    [Fact]
    public async Task The_Meta_verification_handshake_answers_the_bare_challenge_only_with_the_right_token()
    {
        await using var app = new CrmApp(new TestFolder(), settings: new Dictionary<string, string?> { ["Channels:Messenger:VerifyToken"] = "verify-me" });
        using var http = app.CreateClient();

        var ok = await http.GetAsync("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
        var wrong = await http.GetAsync("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444");

        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        app.Folder.Dispose();
    }

    private async Task<ConversationDto> ConversationAsync(string channel, string address)
    {
        long id;
        await using (var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            id = await c.ExecuteScalarAsync<long>("SELECT MAX(id) FROM conversations WHERE channel = @channel AND address = @address",
                new { channel, address });
        Assert.True(id > 0, $"no {channel} conversation with {address}");
        return await bed.ConversationAsync("agent1", id);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    private async Task<HttpResponseMessage> PostMetaAsync(string path, string body)
    {
        using var http = bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add("X-Hub-Signature-256",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), Encoding.UTF8.GetBytes(body))));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task<HttpResponseMessage> PostTwilioAsync(Dictionary<string, string> form)
    {
        const string url = "http://localhost/webhooks/sms/twilio";
        var signed = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(TwilioToken), Encoding.UTF8.GetBytes(signed)));
        using var http = bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sms/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }

    private static StringContent Json(string body) => new(body, new MediaTypeHeaderValue("application/json"));

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await platform.DisposeAsync();
    }

    /// <summary>Waits until the reply's send job is gone from the scheduler: its last attempt has run and none is left to come.</summary>
    private Task NoSendLeftAsync(long messageId) =>
        Eventually.TrueAsync(async () =>
        {
            var scheduler = await bed.App.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
            return !await scheduler.Exists(new Quartz.JobKey($"outbox-{messageId}", "routing"));
        }, TimeSpan.FromSeconds(20), $"the send job of message {messageId} done");
}
