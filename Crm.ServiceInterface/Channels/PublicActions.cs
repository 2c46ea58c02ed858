using Crm.ServiceInterface.Channels.Facebook;
using Crm.ServiceInterface.Channels.X;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// What the business can do to a customer's public post besides answering it, on which channels, and how the thread says it.
/// An action is a line of the thread sent by the outbox (so it is retried, and a refusal shows on the line).
/// </summary>
public sealed record PublicActionKind(string Name, string Done, IReadOnlyList<string> Channels)
{
    public static readonly PublicActionKind Like = new("like", "liked the {0}", [ChannelName.X, ChannelName.Facebook]);
    public static readonly PublicActionKind Retweet = new("retweet", "retweeted the post", [ChannelName.X]);
    public static readonly PublicActionKind Hide = new("hide", "hid the comment", [ChannelName.Facebook]);
    public static readonly PublicActionKind Unhide = new("unhide", "unhid the comment", [ChannelName.Facebook]);
    public static readonly PublicActionKind PrivateReply = new("private_reply", "replied in private", [ChannelName.Facebook]);

    public static readonly IReadOnlyList<PublicActionKind> All = [Like, Retweet, Hide, Unhide, PrivateReply];

    public static PublicActionKind? Find(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>Hide and unhide: they reach the platform one at a time, in the order given.</summary>
    public static readonly IReadOnlyList<PublicActionKind> VisibilityChanges = [Hide, Unhide];

    public bool IsVisibilityChange => VisibilityChanges.Contains(this);

    /// <summary>"Ana liked the comment": the line the thread and playback show.</summary>
    public string Line(string who, string channel) => $"{who} {string.Format(Done, channel == ChannelName.Facebook ? "comment" : "post")}";
}

/// <summary>The platform request for a line of a public conversation: a reply under the post, or an action on it.</summary>
internal static class PublicPostRequests
{
    /// <param name="target">The customer's post or comment the action is on; for a reply, what it goes under.</param>
    public static HttpRequestMessage Build(
        ChannelsOptions options,
        string channel,
        PublicActionKind? action,
        string target,
        string? businessAddress,
        string text) =>
        (channel, action?.Name) switch
        {
            (ChannelName.X, null) => XPublicPosts.BuildReply(options.X, target, text),
            (ChannelName.X, "like") => XPublicPosts.BuildLike(options.X, target),
            (ChannelName.X, "retweet") => XPublicPosts.BuildRetweet(options.X, target),
            (ChannelName.Facebook, null) => FacebookPages.BuildComment(options.Messenger, target, text),
            (ChannelName.Facebook, "like") => FacebookPages.BuildLike(options.Messenger, target),
            (ChannelName.Facebook, "hide" or "unhide") => FacebookPages.BuildHide(options.Messenger, target, action.Name == "hide"),
            (ChannelName.Facebook, "private_reply") => FacebookPages.BuildPrivateReply(options.Messenger,
                businessAddress ?? throw new ChannelPayloadException(channel, "the page this comment came in on is not known."), target, text),
            _ => throw new ChannelPayloadException(channel, $"{ChannelCatalog.Label(channel)} has no public {action?.Name ?? "reply"}."),
        };

    /// <summary>The new comment's or message's id; a like, retweet or hide answers only that it worked.</summary>
    public static string? ParseId(string channel, PublicActionKind? action, string body) =>
        action is not null && action != PublicActionKind.PrivateReply ? null
        : channel == ChannelName.Facebook ? FacebookPages.ParseId(body) : XPublicPosts.ParseReplyId(body);
}
