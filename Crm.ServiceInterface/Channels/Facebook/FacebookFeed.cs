using System.Globalization;

namespace Crm.ServiceInterface.Channels.Facebook;

/// <summary>
/// The Page <c>feed</c> webhook field (entry[].changes[] with field "feed"): comments on the page's posts and visitors' posts on
/// the page, added, edited or removed. Reactions, shares and the rest are not conversations: nothing to store.
/// </summary>
internal static class FacebookFeed
{
    private static readonly string[] PostItems = ["post", "status", "photo", "video"];

    public static void Read(string pageId, PayloadNode value, long? entryTime, List<ChannelEvent> events)
    {
        var item = value.String("item");
        var isComment = item == "comment";
        if (!isComment && !PostItems.Contains(item)) return;
        var id = isComment ? value.RequiredString("comment_id") : value.RequiredString("post_id");
        var at = Time(value, entryTime);
        var from = value.Get("from");
        var fromId = from?.String("id");
        var text = value.String("message") ?? "";
        switch (value.String("verb"))
        {
            case "add" when fromId == pageId:
                events.Add(new PublicEcho(ChannelName.Facebook, id, value.String("parent_id"), text, at));
                break;
            case "add" when fromId is { Length: > 0 }:
                events.Add(new PublicMention(ChannelName.Facebook, id, fromId, null, from?.String("name"), text, at)
                    { BusinessAddress = pageId, ThreadId = isComment ? ThreadOf(value, id) : id });
                break;
            case "edited" or "edit" when fromId != pageId:
                events.Add(new PublicPostEdited(ChannelName.Facebook, id, text, at));
                break;
            case "remove" or "delete" when fromId != pageId:
                events.Add(new PublicPostRemoved(ChannelName.Facebook, id, at));
                break;
        }
    }

    /// <summary>A reply's parent is its thread's first comment; a first comment's parent is the post: it starts the thread.</summary>
    private static string ThreadOf(PayloadNode value, string commentId) =>
        value.String("parent_id") is { Length: > 0 } parent && parent != value.String("post_id") ? parent : commentId;

    /// <summary>created_time in unix seconds (as Meta sends it), or ISO 8601 (as the Graph API reads it); else the entry's time.</summary>
    private static long? Time(PayloadNode value, long? entryTime)
    {
        if (value.Get("created_time") is { } node && node.Element.ValueKind == System.Text.Json.JsonValueKind.String
            && DateTimeOffset.TryParse(node.Element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)
            && !long.TryParse(node.Element.GetString(), out _))
            return iso.ToUnixTimeMilliseconds();
        var seconds = value.Long("created_time") ?? entryTime;
        // Meta's entry.time is sometimes milliseconds already; a feed's created_time is seconds.
        return seconds is { } s ? (s < 100_000_000_000 ? s * 1000 : s) : null;
    }
}
