using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels.Messenger;

namespace Crm.ServiceInterface.Channels.Facebook;

/// <summary>
/// The page's public side on the Graph API (same app, page access token and API base URL as Messenger): a comment under a post
/// or comment, a like, hiding a comment, and Messenger's private reply to a comment.
/// </summary>
public static class FacebookPages
{
    /// <summary>The Graph API's limit for a comment's message.</summary>
    public const int MaxCommentLength = 8000;

    /// <summary>POST /{object-id}/comments with message: the answer shows in the comment's thread (or under the post).</summary>
    public static HttpRequestMessage BuildComment(MessengerOptions options, string objectId, string text)
    {
        if (text.Length > MaxCommentLength)
            throw new ChannelPayloadException(ChannelName.Facebook, $"a comment is at most {MaxCommentLength} characters; this one has {text.Length}.");
        return Authorized(options, HttpMethod.Post, objectId + "/comments", JsonContent.Create(new JsonObject { ["message"] = text }));
    }

    /// <summary>POST /{object-id}/likes: the page likes the customer's comment or post.</summary>
    public static HttpRequestMessage BuildLike(MessengerOptions options, string objectId) => Authorized(options, HttpMethod.Post, objectId + "/likes", null);

    /// <summary>POST /{comment-id} with is_hidden: hidden from everyone but its author and their friends, or shown again.</summary>
    public static HttpRequestMessage BuildHide(MessengerOptions options, string commentId, bool hidden) =>
        Authorized(options, HttpMethod.Post, commentId,
            new FormUrlEncodedContent([new KeyValuePair<string, string>("is_hidden", hidden ? "true" : "false")]));

    /// <summary>POST /{page-id}/messages with recipient.comment_id: one Messenger message to the comment's author.</summary>
    public static HttpRequestMessage BuildPrivateReply(MessengerOptions options, string pageId, string commentId, string text)
    {
        if (text.Length > 2000)
            throw new ChannelPayloadException(ChannelName.Facebook, $"a private reply is at most 2000 characters; this one has {text.Length}.");
        return Authorized(options, HttpMethod.Post, pageId + "/messages", JsonContent.Create(new JsonObject
        {
            ["recipient"] = new JsonObject { ["comment_id"] = commentId },
            ["message"] = new JsonObject { ["text"] = text },
        }));
    }

    /// <summary>The new comment's id (id), or the private reply's Messenger id (message_id); a like or hide answers only success.</summary>
    public static string? ParseId(string json) => SendRules.ReadId(ChannelName.Facebook, json, root => root.String("id") ?? root.String("message_id"));

    private static HttpRequestMessage Authorized(MessengerOptions options, HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, $"{SendRules.Base(options.ApiBaseUrl)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}")
        {
            Content = content,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            SendRules.Required(options.PageAccessToken, "Channels:Messenger:PageAccessToken"));
        return request;
    }
}
