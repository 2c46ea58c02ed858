using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Tests.Routing;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>The entry flow on social channels: the hours message goes out once through the outbox to the fake platform API.</summary>
public sealed class EntryFlowChannelTests : IAsyncLifetime
{
    private const string MetaSecret = "meta-app-secret", XSecret = "x-consumer-secret", PhoneNumberId = "106540352242922";
    private FakePlatform platform = null!;
    private EntryFlowBed flow = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        flow = new EntryFlowBed(new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:AppSecret"] = MetaSecret, ["Channels:WhatsApp:AccessToken"] = "wa-token", ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:X:ConsumerSecret"] = XSecret, ["Channels:X:BearerToken"] = "x-token", ["Channels:X:AccountId"] = "3001",
            ["Channels:X:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:Messenger:AppSecret"] = MetaSecret,
            ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:Outbox:FirstRetrySeconds"] = "1",
        });
        flow.Clock.Set(Utc("2026-06-16T17:00:00")); // Tuesday 19:00 in Madrid: closed
    }

    public async Task DisposeAsync()
    {
        await flow.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task A_WhatsApp_customer_outside_hours_gets_the_closed_message_once_through_the_Cloud_API_and_waits()
    {
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("whatsapp", hours.Id);

        await PostWhatsAppAsync("16505557777", "wamid.closed1", "Hello, are you there?");
        await PostWhatsAppAsync("16505557777", "wamid.closed2", "I need help with my bill");

        var send = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery.EndsWith("/messages"))),
            TimeSpan.FromSeconds(10), "the closed message sent to WhatsApp");
        var body = JsonNode.Parse(send.Body)!;
        Assert.EndsWith("16505557777", body["to"]!.GetValue<string>());
        Assert.EndsWith("We are closed now; we open again Wed 17 Jun 09:00. Your message is safe with us.", body["text"]!["body"]!.GetValue<string>());
        var id = await flow.ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = 'whatsapp'");
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);
        // Stored once, sent once: the second message of the same closed period got no second notice.
        await Eventually.TrueAsync(async () => await flow.ScalarAsync(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND author_kind = 'bot' AND status = 'sent'", new { id }) == 1,
            TimeSpan.FromSeconds(10), "the notice marked sent");
        Assert.Single(platform.Requests, r => r.PathAndQuery.EndsWith("/messages"));
        Assert.Equal(2, await flow.ScalarAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND direction = 'in'", new { id }));
    }

    [Fact]
    public async Task An_X_mention_outside_hours_gets_the_closed_message_privately_and_no_keyword_auto_reply_on_top()
    {
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("x-public", hours.Id, change: e => e.ReplyMode = "private");
        await (await flow.AdminAsync()).PostAsync("/api/admin/keyword-filters",
            new SaveKeywordFilter { Keyword = "price", Action = "auto_reply", ReplyText = "See acme.example/prices" });

        await MentionAsync("1500000000000000777", "@acme what is the price of the blue one?");

        var dm = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery.Contains("dm_conversations"))),
            TimeSpan.FromSeconds(10), "the closed message as a direct message");
        Assert.Contains("We are closed now", dm.Body);
        Assert.DoesNotContain(platform.Requests, r => r.PathAndQuery == "/2/tweets");
        var id = await flow.ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = 'x'");
        Assert.Equal(("closed", Utc("2026-06-17T07:00:00").ToUnixTimeMilliseconds(), "Queued"), await flow.HoldOfAsync(id));
        Assert.Equal(0, await flow.ScalarAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND author_name = 'Auto-reply'", new { id }));
    }

    [Fact]
    public async Task A_Facebook_comment_outside_hours_gets_the_closed_message_under_it_and_no_automatic_like()
    {
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("facebook-public", hours.Id);
        await (await flow.AdminAsync()).PostAsync(
            "/api/admin/keyword-filters",
            new SaveKeywordFilter { Keyword = "love", Action = "auto_like", Channels = ["facebook"] });
        var comment = Crm.Tests.Channels.SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json");
        comment["entry"]![0]!["changes"]![0]!["value"]!["message"] = "I love your shop, are you open?";
        var body = comment.ToJsonString();
        using var http = flow.Bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/messenger")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(signature));
        Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);

        var notice = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery.EndsWith("/comments"))),
            TimeSpan.FromSeconds(10), "the closed message as a comment under the customer's");
        Assert.Contains("We are closed now", notice.Body);
        Assert.DoesNotContain(platform.Requests, r => r.PathAndQuery.EndsWith("/likes"));
        var id = await flow.ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = 'facebook'");
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);
    }

    [Fact]
    public async Task An_entry_point_for_one_WhatsApp_number_takes_its_chats_before_the_channels_entry_point()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00"));
        await flow.EntryPointAsync("whatsapp", null);
        await flow.EntryPointAsync("whatsapp", null, queue: "Billing", change: e => e.Address = PhoneNumberId);

        await PostWhatsAppAsync("16505558888", "wamid.number1", "A question about my invoice");

        var id = await flow.ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = 'whatsapp'");
        Assert.Equal(await flow.QueueIdAsync("Billing"), await flow.ScalarAsync("SELECT queue_id FROM conversations WHERE id = @id", new { id }));
        Assert.Equal(2, await flow.ScalarAsync("SELECT entry_point_id FROM conversations WHERE id = @id", new { id }));
    }

    private async Task PostWhatsAppAsync(string from, string messageId, string text)
    {
        var body = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = PhoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Wanda Whats" }, ["wa_id"] = from }),
                        ["messages"] = new JsonArray(new JsonObject
                        {
                            ["from"] = from, ["id"] = messageId, ["timestamp"] = flow.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), ["type"] = "text",
                            ["text"] = new JsonObject { ["body"] = text },
                        }),
                    },
                }),
            }),
        }.ToJsonString();
        using var http = flow.Bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(signature));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task MentionAsync(string postId, string text)
    {
        var body = new JsonObject
        {
            ["for_user_id"] = "3001",
            ["tweet_create_events"] = new JsonArray(new JsonObject
            {
                ["id_str"] = postId, ["text"] = text, ["timestamp_ms"] = flow.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(),
                ["user"] = new JsonObject { ["id_str"] = "7001", ["screen_name"] = "pat_public", ["name"] = "Pat Public" },
            }),
        }.ToJsonString();
        using var http = flow.Bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/x")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(XSecret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("x-twitter-webhooks-signature", "sha256=" + Convert.ToBase64String(signature));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
