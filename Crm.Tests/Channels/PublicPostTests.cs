using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Channels;

/// <summary>X mentions (the Genesys seed's public posts): keyword filters, public replies, likes, moving to a private DM.</summary>
public sealed class PublicPostTests : IAsyncLifetime
{
    private const string Secret = "x-consumer-secret", Business = "3001", Customer = "7001";
    private FakePlatform platform = null!;
    private RoutingTestBed bed = null!;
    private CrmClient admin = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        bed = new RoutingTestBed(settings: new Dictionary<string, string?>
        {
            ["Channels:X:ConsumerSecret"] = Secret, ["Channels:X:BearerToken"] = "x-token", ["Channels:X:AccountId"] = Business,
            ["Channels:X:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Outbox:FirstRetrySeconds"] = "1",
        });
        admin = await bed.App.SignInAsync("admin");
    }

    [Fact]
    public async Task A_mention_is_routed_as_a_public_conversation_answered_under_the_post_and_liked()
    {
        await bed.ReadyAsync("agent1");
        await MentionAsync("1500000000000000001", "@acme my order never arrived");
        var conversation = await ConversationAsync();
        Assert.True(conversation.Public);
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);

        await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(
            HttpMethod.Post,
            $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "Sorry! Checking now." });
        await bed.ActAsync("agent1", conversation.Id, "like");

        var reply = await Eventually.ValueAsync(
            () => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == "/2/tweets")),
            TimeSpan.FromSeconds(10),
            "the public reply");
        var body = JsonNode.Parse(reply.Body)!;
        Assert.Equal("1500000000000000001", body["reply"]!["in_reply_to_tweet_id"]!.GetValue<string>());
        Assert.EndsWith("Sorry! Checking now.", body["text"]!.GetValue<string>());
        // The like goes out through the outbox like the reply, so it is retried and a refusal shows on its line.
        var like = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/2/users/{Business}/likes")),
            TimeSpan.FromSeconds(10), "the like");
        Assert.Equal("1500000000000000001", JsonNode.Parse(like.Body)!["tweet_id"]!.GetValue<string>());
        Assert.Contains((await bed.ConversationAsync("agent1", conversation.Id)).Messages, m => m.Text.EndsWith("liked the post"));
    }

    [Fact]
    public async Task Moving_to_private_posts_the_public_note_then_replies_go_as_direct_messages()
    {
        await bed.ReadyAsync("agent1");
        await MentionAsync("1500000000000000002", "@acme I need to change my address");
        var conversation = await ConversationAsync();
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);

        var moved = await bed.ActAsync("agent1", conversation.Id, "move-to-private", new MoveToPrivate());
        await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(
            HttpMethod.Post,
            $"/api/conversations/{conversation.Id}/messages",
            new SendMessage { Text = "What is the new address?" });

        Assert.False(moved.Public);
        var note = await Eventually.ValueAsync(
            () => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == "/2/tweets")),
            TimeSpan.FromSeconds(10),
            "the public note");
        Assert.Contains("continue privately", note.Body);
        var dm = await Eventually.ValueAsync(
            () => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/2/dm_conversations/with/{Customer}/messages")),
            TimeSpan.FromSeconds(10),
            "the private reply");
        Assert.EndsWith("What is the new address?", JsonNode.Parse(dm.Body)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Keyword_filters_ignore_some_posts_and_answer_others_automatically_retrying_on_errors()
    {
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter { Keyword = "giveaway", Action = "ignore" });
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter
        {
            Keyword = "opening hours",
            Action = "auto_reply",
            ReplyText = "We're open 8:00-20:00, Monday to Friday.",
        });
        var refusals = 1;
        platform.Respond = r => r.PathAndQuery == "/2/tweets" && Interlocked.Decrement(ref refusals) >= 0 ? (503, """{"title":"Service Unavailable"}""") : null;

        await MentionAsync("1500000000000000003", "@acme join our GIVEAWAY!");
        await MentionAsync("1500000000000000004", "@acme what are your opening hours?");

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM messages WHERE channel_message_id = 'post:1500000000000000003'"));
        await Eventually.TrueAsync(
            () => Task.FromResult(platform.Requests.Count(r => r.PathAndQuery == "/2/tweets") == 2),
            TimeSpan.FromSeconds(15),
            "refused once, then sent");
        var sent = JsonNode.Parse(platform.Requests.Last(r => r.PathAndQuery == "/2/tweets").Body)!;
        Assert.Equal("1500000000000000004", sent["reply"]!["in_reply_to_tweet_id"]!.GetValue<string>());
        Assert.Contains("open 8:00-20:00", sent["text"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM conversations WHERE state <> 'Closed'")); // auto-answered: never queued
        // Closed as it arrived, so settled at once: its reports row is written in the same change (no restart, no rebuild).
        Assert.Equal(0, await CountAsync(
            "SELECT COUNT(*) FROM conversations v WHERE NOT EXISTS (SELECT 1 FROM report_conversations r WHERE r.conversation_id = v.id)"));
        var (status, _) = await admin.ProblemAsync(
            HttpMethod.Post,
            "/api/admin/keyword-filters",
            new SaveKeywordFilter { Keyword = "x", Action = "auto_reply" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task The_agent_retweets_a_post_and_keyword_filters_like_or_retweet_by_themselves()
    {
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter { Keyword = "love", Action = "auto_like", Channels = ["x"] });
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter { Keyword = "launch", Action = "auto_retweet", Channels = ["x"] });
        await bed.ReadyAsync("agent1");

        await MentionAsync("1500000000000000010", "@acme I love the new app");
        await MentionAsync("1500000000000000011", "@acme congrats on the launch!");
        var liked = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/2/users/{Business}/likes")),
            TimeSpan.FromSeconds(10), "the automatic like");
        Assert.Equal("1500000000000000010", JsonNode.Parse(liked.Body)!["tweet_id"]!.GetValue<string>());
        var retweeted = await Eventually.ValueAsync(
            () => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/2/users/{Business}/retweets")),
            TimeSpan.FromSeconds(10),
            "the automatic retweet");
        Assert.Equal("1500000000000000011", JsonNode.Parse(retweeted.Body)!["tweet_id"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM conversations WHERE state <> 'Closed'")); // answered by themselves: never queued

        await MentionAsync("1500000000000000012", "@acme my parcel is late");
        var conversation = await ConversationAsync();
        await bed.OfferedToAsync("agent1", conversation.Id);
        await bed.AcceptAsync("agent1", conversation.Id);
        await bed.ActAsync("agent1", conversation.Id, "retweet");
        await Eventually.TrueAsync(() => Task.FromResult(platform.Requests.Any(r => r.PathAndQuery == $"/2/users/{Business}/retweets"
            && r.Body.Contains("1500000000000000012"))), TimeSpan.FromSeconds(10), "the agent's retweet");
        var thread = await Eventually.ValueAsync(async () =>
            (await bed.ConversationAsync("agent1", conversation.Id)).Messages.FirstOrDefault(m => m.PublicAction == "retweet" && m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the retweet's line, sent");
        Assert.EndsWith("retweeted the post", thread.Text);
        var (status, _) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{conversation.Id}/hide", new { });
        Assert.Equal(HttpStatusCode.Conflict, status); // X has no hidden replies here
    }

    private async Task MentionAsync(string postId, string text)
    {
        var body = new JsonObject
        {
            ["for_user_id"] = Business,
            ["tweet_create_events"] = new JsonArray(new JsonObject
            {
                ["id_str"] = postId, ["text"] = text, ["timestamp_ms"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(),
                ["user"] = new JsonObject { ["id_str"] = Customer, ["screen_name"] = "pat_public", ["name"] = "Pat Public" },
            }),
        }.ToJsonString();
        using var http = bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/x")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("x-twitter-webhooks-signature", "sha256=" + Convert.ToBase64String(signature));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<ConversationDto> ConversationAsync() => bed.LatestConversationAsync("agent1", "x");

    private Task<long> CountAsync(string sql) => bed.ScalarAsync(sql);

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await bed.DisposeAsync();
        await platform.DisposeAsync();
    }
}
