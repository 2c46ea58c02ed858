using Crm.ServiceInterface.Conversations;

namespace Crm.ServiceInterface.Channels;

/// <summary>What one webhook POST meant, channel-agnostic. One POST can carry many (batched entries, events and statuses).</summary>
public abstract record ChannelEvent(string Channel);

/// <summary>
/// A customer's message. <see cref="Address"/> is the sender as the channel knows it (Messenger PSID, WhatsApp wa_id digits,
/// SMS E.164 From, X user id). An attachment the desk cannot show arrives as a visible note ("[image] attachment not supported").
/// </summary>
public sealed record InboundText(
    string Channel, string Address, string? ProfileName, string? Handle, string Text, string ChannelMessageId,
    long? Timestamp, bool IsAttachmentNote = false) : ChannelEvent(Channel)
{
    /// <summary>The business side the customer wrote to (Messenger page, WhatsApp phone number id, SMS To, X account): it picks the entry point.</summary>
    public string? BusinessAddress { get; init; }

    /// <summary>
    /// The routing engine's inbound message once the sender's customer is resolved
    /// (CustomersServices.ResolveOrCreateAsync(Channel, Address, ProfileName, Handle)).
    /// </summary>
    public InboundMessage ToInboundMessage(long customerId, bool customerCreated) =>
        new(Channel, Address, customerId, customerCreated, Text, ChannelMessageId, Timestamp, AuthorName: ProfileName ?? Handle, EntryAddress: BusinessAddress);
}

/// <summary>
/// A delivery status for a message the business sent. Either <see cref="ProviderMessageId"/> names the message, or (Messenger
/// delivery/read, X read receipts) <see cref="Watermark"/> says every message to <see cref="RecipientAddress"/> sent at or
/// before that unix-ms time now has <see cref="Status"/>.
/// </summary>
/// <remarks><see cref="Reference"/>: the CRM's own reference the send carried (WhatsApp biz_opaque_callback_data), so a status matches its
/// message even when the send's answer (with the provider's id) was lost.</remarks>
public sealed record StatusUpdate(
    string Channel, string? ProviderMessageId, string Status, string? Error, long? Timestamp,
    string? RecipientAddress = null, long? Watermark = null, string? Reference = null) : ChannelEvent(Channel);

/// <summary>The business's own message echoed back by the platform: never a customer message. The outbox matches <see cref="ChannelMessageId"/>.</summary>
public sealed record Echo(
    string Channel, string RecipientAddress, string ChannelMessageId, string Text, long? Timestamp, string? AppId = null) : ChannelEvent(Channel);

/// <summary>
/// A public post naming the business (X tweet_create_events), or a comment or visitor post on the business's Facebook page:
/// the keyword filters decide, then it is routed as a public post. <see cref="TweetId"/> is the post's or comment's own id.
/// </summary>
public sealed record PublicMention(
    string Channel, string TweetId, string AuthorId, string? AuthorHandle, string? AuthorName, string Text, long? Timestamp) : ChannelEvent(Channel)
{
    /// <summary>The X account that was mentioned (for_user_id), or the Facebook page (entry.id): it picks the entry point.</summary>
    public string? BusinessAddress { get; init; }

    /// <summary>What a public reply goes under: the comment thread's first comment on Facebook; the post itself when null.</summary>
    public string? ThreadId { get; init; }
}

/// <summary>The customer changed the text of a public post or comment (Facebook verb "edited").</summary>
public sealed record PublicPostEdited(string Channel, string PostId, string Text, long? Timestamp) : ChannelEvent(Channel);

/// <summary>The customer removed a public post or comment (Facebook verb "remove").</summary>
public sealed record PublicPostRemoved(string Channel, string PostId, long? Timestamp) : ChannelEvent(Channel);

/// <summary>The business's own comment coming back (from.id is the page): never the customer's; it settles a public reply.</summary>
public sealed record PublicEcho(string Channel, string PostId, string? ParentId, string Text, long? Timestamp) : ChannelEvent(Channel);

/// <summary>Delivery statuses as the outbox stores them, and the order they only ever move forward in.</summary>
public static class DeliveryStatus
{
    public const string Queued = "queued", Retrying = "retrying", Sent = "sent", Delivered = "delivered", Read = "read", Failed = "failed";

    /// <summary>Not yet taken by the platform: the outbox still owes a send (queued, or retrying after a refusal).</summary>
    public static bool IsPending(string status) => status is Queued or Retrying;

    /// <summary>The pending statuses as SQL, for the outbox's guards.</summary>
    public const string PendingSql = "('queued', 'retrying')";

    private static int Rank(string status) => status switch
    {
        Queued or Retrying => 0, Sent => 1, Delivered => 2, Read => 3, Failed => 1, _ => -1,
    };

    /// <summary>
    /// True when <paramref name="next"/> moves a message forward: platforms deliver statuses out of order ("delivered" after
    /// "read"), and a message already delivered cannot fail any more.
    /// </summary>
    public static bool IsUpgrade(string current, string next) =>
        next == Failed ? current is Queued or Retrying or Sent : current != Failed && Rank(next) > Rank(current);
}
