using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Crm.ServiceInterface.Channels.X;

/// <summary>X's public side (X API v2): a reply under a post, a like and a retweet. The DM side is <see cref="XAdapter"/>.</summary>
public static class XPublicPosts
{
    /// <summary>POST /2/tweets with reply.in_reply_to_tweet_id: the answer shows under the customer's post.</summary>
    public static HttpRequestMessage BuildReply(XOptions options, string inReplyToPostId, string text)
    {
        if (text.Length > 280) throw new ChannelPayloadException(ChannelName.X, $"a public reply is at most 280 characters; this one has {text.Length}.");
        return Authorized(options, $"{SendRules.Base(options.ApiBaseUrl)}/2/tweets",
            new JsonObject { ["text"] = text, ["reply"] = new JsonObject { ["in_reply_to_tweet_id"] = inReplyToPostId } });
    }

    /// <summary>POST /2/users/{business account}/likes: the business likes the customer's post.</summary>
    public static HttpRequestMessage BuildLike(XOptions options, string postId) =>
        Authorized(
            options,
            $"{SendRules.Base(options.ApiBaseUrl)}/2/users/{Uri.EscapeDataString(SendRules.Required(options.AccountId, "Channels:X:AccountId"))}/likes",
            new JsonObject { ["tweet_id"] = postId });

    /// <summary>POST /2/users/{business account}/retweets: the business reposts the customer's post to its followers.</summary>
    public static HttpRequestMessage BuildRetweet(XOptions options, string postId) =>
        Authorized(
            options,
            $"{SendRules.Base(options.ApiBaseUrl)}/2/users/{Uri.EscapeDataString(SendRules.Required(options.AccountId, "Channels:X:AccountId"))}/retweets",
            new JsonObject { ["tweet_id"] = postId });

    /// <summary>The new post's id from the answer to <see cref="BuildReply"/> (data.id).</summary>
    public static string? ParseReplyId(string json) => SendRules.ReadId(ChannelName.X, json, root => root.Get("data")?.String("id"));

    private static HttpRequestMessage Authorized(XOptions options, string url, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SendRules.Required(options.BearerToken, "Channels:X:BearerToken"));
        return request;
    }
}
