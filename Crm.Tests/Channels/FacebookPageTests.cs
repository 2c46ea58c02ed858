using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Channels;

/// <summary>
/// Facebook page comments and visitors' posts (Page feed webhooks on /webhooks/messenger, signed like Messenger): public conversations,
/// edits and removals, the page's own replies as echoes, and the agent's actions reaching the Graph API with the documented path and body.
/// </summary>
public sealed class FacebookPageTests : IAsyncLifetime
{
    private const string Secret = "meta-app-secret", Page = "1067280970047460", Commenter = "6905541879502215";
    private const string Comment = "122104388444000001_1043452200716211", Post = Page + "_122104388444000001";
    private FakePlatform platform = null!;
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        platform.Respond = GraphAnswer;
        bed = new RoutingTestBed(settings: new Dictionary<string, string?>
        {
            ["Channels:Messenger:AppSecret"] = Secret, ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Outbox:FirstRetrySeconds"] = "1",
        });
        await bed.ReadyAsync("agent1");
    }

    [Fact]
    public async Task A_comment_becomes_a_public_conversation_stored_once_then_edited_and_removed_by_the_customer()
    {
        var add = SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json").ToJsonString();
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync(add)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedAsync(add)).StatusCode); // Meta delivers again: stored once

        var conversation = await ConversationAsync();
        Assert.True(conversation.Public);
        Assert.Equal("facebook", conversation.Channel);
        Assert.Equal(Commenter, conversation.Address);
        Assert.Equal("Cinderella Hoffman", conversation.CustomerName);
        var comment = Assert.Single(conversation.Messages, m => m.Direction == "in");
        Assert.Equal("My order never arrived", comment.Text);
        await bed.OfferedToAsync("agent1", conversation.Id);

        await FeedAsync(SharedChannelFiles.Json("facebook-feed-comment-edited.constructed.json").ToJsonString());
        var edited = Assert.Single((await ConversationAsync()).Messages, m => m.Direction == "in");
        Assert.Equal("My order never arrived, order 1234", edited.Text);
        Assert.Equal("My order never arrived", edited.OriginalText); // kept for playback
        Assert.NotNull(edited.EditedAt);
        Assert.Null(edited.RemovedAt);

        await FeedAsync(SharedChannelFiles.Json("facebook-feed-comment-remove.constructed.json").ToJsonString());
        var removed = Assert.Single((await ConversationAsync()).Messages, m => m.Direction == "in");
        Assert.NotNull(removed.RemovedAt);
        Assert.Equal("My order never arrived, order 1234", removed.Text); // still readable, marked removed

        var customer = await (await bed.AgentAsync("agent1")).GetAsync<CustomerDto>($"/api/customers/{conversation.CustomerId}");
        Assert.Contains(customer.Identities, i => i.Channel == "messenger" && i.Address == Commenter); // the page-scoped id, as on Messenger

        // Playback shows what the customer first wrote, then the edit, then the removal.
        var playback = await (await bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{conversation.Id}");
        Assert.Contains(playback.Entries, e => e.Kind == PlaybackEntryKind.CustomerMessage && e.Text == "My order never arrived");
        Assert.Contains(playback.Entries, e => e.Kind == PlaybackEntryKind.PostEdited && e.Text.EndsWith("edited it to: My order never arrived, order 1234"));
        Assert.Contains(playback.Entries, e => e.Kind == PlaybackEntryKind.PostRemoved);
    }

    [Fact]
    public async Task A_visitors_post_on_the_page_is_a_public_conversation_and_the_pages_own_reply_is_never_the_customer()
    {
        await FeedAsync(SharedChannelFiles.Json("facebook-feed-post-add.constructed.json").ToJsonString());
        var post = await ConversationAsync();
        Assert.Equal("7012345678901234", post.Address);
        Assert.Equal("Does the shop open on Sundays?", Assert.Single(post.Messages, m => m.Direction == "in").Text);

        await FeedAsync(SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json").ToJsonString());
        await FeedAsync(SharedChannelFiles.Json("facebook-feed-page-reply.constructed.json").ToJsonString());

        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM messages WHERE channel_message_id LIKE '%1043452200716299'"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM conversations WHERE address = '{Page}'")); // the page is no customer
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM conversations WHERE channel = 'facebook'"));
    }

    [Fact]
    public async Task The_agent_replies_publicly_likes_hides_and_unhides_the_comment_each_reaching_the_Graph_API_and_the_thread()
    {
        var conversation = await AcceptedCommentAsync();
        var agent = await bed.AgentAsync("agent1");

        await agent.SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{conversation.Id}/messages", new SendMessage { Text = "Sorry! Checking now." });
        await bed.ActAsync("agent1", conversation.Id, "like");
        await bed.ActAsync("agent1", conversation.Id, "hide");
        await bed.ActAsync("agent1", conversation.Id, "unhide");

        var reply = await RequestAsync($"/{Comment}/comments");
        Assert.EndsWith("Sorry! Checking now.", JsonNode.Parse(reply.Body)!["message"]!.GetValue<string>());
        Assert.Equal("Bearer page-token", reply.Headers["Authorization"]);
        Assert.Equal("", (await RequestAsync($"/{Comment}/likes")).Body);
        await Eventually.TrueAsync(
            () => Task.FromResult(platform.Requests.Count(r => r.PathAndQuery == $"/{Comment}") == 2),
            TimeSpan.FromSeconds(10),
            "hide, unhide");
        Assert.Equal(["is_hidden=true", "is_hidden=false"], platform.Requests.Where(r => r.PathAndQuery == $"/{Comment}").Select(r => r.Body));

        var thread = await Eventually.ValueAsync(async () =>
        {
            var c = await ConversationAsync();
            return c.Messages.Where(m => m.PublicAction is not null).All(m => m.Status == "sent") ? c : null;
        }, TimeSpan.FromSeconds(10), "every action sent");
        Assert.Equal(["like", "hide", "unhide"], thread.Messages.Where(m => m.PublicAction is not null).Select(m => m.PublicAction));
        Assert.Contains(thread.Messages, m => m.Text.EndsWith("liked the comment"));
        Assert.Contains(thread.Messages, m => m.Text.EndsWith("hid the comment"));
        Assert.Equal("reply-1", thread.Messages.Single(m => m.Direction == "out").ChannelMessageId); // the new comment's id
    }

    [Fact]
    public async Task A_private_reply_goes_to_the_comment_and_the_customers_Messenger_answer_lands_in_a_linked_conversation()
    {
        var conversation = await AcceptedCommentAsync();
        await bed.ActAsync("agent1", conversation.Id, "private-reply", new PrivateReply { Text = "Could you send us your order number here?" });

        var sent = JsonNode.Parse((await RequestAsync($"/{Page}/messages")).Body)!;
        Assert.Equal(Comment, sent["recipient"]!["comment_id"]!.GetValue<string>());
        Assert.EndsWith("Could you send us your order number here?", sent["message"]!["text"]!.GetValue<string>());
        var (status, problem) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{conversation.Id}/private-reply",
            new PrivateReply { Text = "Again" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("one private reply per comment", problem.GetProperty("detail").GetString());

        await PostSignedAsync(MetaPayloads.MessengerText(Commenter, "m_answer_1", "It is 1234"));
        long messengerId;
        await using (var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            messengerId = await c.ExecuteScalarAsync<long>(
                "SELECT id FROM conversations " +
                "WHERE channel = 'messenger' AND address = @Commenter",
                new { Commenter });
        var messenger = await bed.ConversationAsync("agent1", messengerId);
        Assert.Equal(conversation.Id, messenger.LinkedConversationId);
        Assert.Equal(conversation.CustomerId, messenger.CustomerId);
        Assert.Equal(messengerId, (await ConversationAsync()).LinkedConversationId);
        Assert.Contains((await ConversationAsync()).Messages, m => m.Text.Contains("replied in private"));
    }

    [Fact]
    public async Task A_refused_like_shows_the_platforms_reason_on_its_line()
    {
        var conversation = await AcceptedCommentAsync();
        platform.Respond = r => r.PathAndQuery.EndsWith("/likes")
            ? (400, """{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}}""")
            : GraphAnswer(r);

        await bed.ActAsync("agent1", conversation.Id, "like");

        var like = await Eventually.ValueAsync(
            async () => (await ConversationAsync()).Messages.FirstOrDefault(m => m.PublicAction == "like" && m.Status == "failed"),
            TimeSpan.FromSeconds(10),
            "the refused like");
        Assert.Contains("(#200) Permissions error", like.Error);
        var (status, _) = await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{conversation.Id}/retweet", new { });
        Assert.Equal(HttpStatusCode.Conflict, status); // Facebook has no retweet
    }

    [Fact]
    public async Task Keyword_filters_like_a_matching_comment_by_themselves_and_apply_only_to_the_channels_chosen()
    {
        using var admin = await bed.App.SignInAsync("admin");
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter { Keyword = "love", Action = "auto_like", Channels = ["facebook"] });
        await admin.PostAsync("/api/admin/keyword-filters", new SaveKeywordFilter { Keyword = "never", Action = "ignore", Channels = ["x"] });
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/keyword-filters",
            new SaveKeywordFilter { Keyword = "great", Action = "auto_retweet", Channels = ["facebook"] });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("channels", out _), problem.ToString());

        var loved = SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json");
        var value = loved["entry"]![0]!["changes"]![0]!["value"]!;
        value["comment_id"] = "122104388444000001_1043452200716777";
        value["message"] = "I love this shop";
        await FeedAsync(loved.ToJsonString());
        await FeedAsync(SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json").ToJsonString()); // "never": the X-only filter does not apply

        Assert.Equal("", (await RequestAsync("/122104388444000001_1043452200716777/likes")).Body);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM conversations WHERE channel = 'facebook' AND state = 'Closed'")); // liked: never queued
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM messages WHERE channel_message_id = 'post:{Comment}'"));
    }

    private async Task<ConversationDto> AcceptedCommentAsync()
    {
        await FeedAsync(SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json").ToJsonString());
        var conversation = await ConversationAsync();
        await bed.OfferedToAsync("agent1", conversation.Id);
        return await bed.AcceptAsync("agent1", conversation.Id);
    }

    /// <summary>What the Graph API answers: a new comment's id, a private reply's recipient and message id, otherwise success.</summary>
    private static (int, string)? GraphAnswer(RecordedRequest r) => r.PathAndQuery switch
    {
        var p when p.EndsWith("/comments") => (200, """{"id":"reply-1"}"""),
        var p when p.EndsWith("/messages") => (200, $$"""{"recipient_id":"{{Commenter}}","message_id":"m_private_1"}"""),
        _ => (200, """{"success":true}"""),
    };

    private async Task<RecordedRequest> RequestAsync(string path) =>
        await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == path)), TimeSpan.FromSeconds(10), path);

    private Task<HttpResponseMessage> FeedAsync(string body) => PostSignedAsync(body);

    private async Task<HttpResponseMessage> PostSignedAsync(string body)
    {
        using var http = bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/messenger")
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(signature));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }

    private Task<ConversationDto> ConversationAsync() => bed.LatestConversationAsync("agent1", "facebook");

    private Task<long> CountAsync(string sql) => bed.ScalarAsync(sql);

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await platform.DisposeAsync();
    }
}
