using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Channels;

/// <summary>The channel names every adapter, identity and entry point uses.</summary>
public static class ChannelName
{
    public const string Messenger = "messenger", WhatsApp = "whatsapp", Sms = "sms", X = "x";
}

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
    /// <summary>The routing engine's inbound message once the sender's customer is resolved (CustomersServices.ResolveOrCreateAsync(Channel, Address, ProfileName, Handle)).</summary>
    public InboundMessage ToInboundMessage(long customerId, bool customerCreated) =>
        new(Channel, Address, customerId, customerCreated, Text, ChannelMessageId, Timestamp, AuthorName: ProfileName ?? Handle);
}

/// <summary>
/// A delivery status for a message the business sent. Either <see cref="ProviderMessageId"/> names the message, or (Messenger
/// delivery/read, X read receipts) <see cref="Watermark"/> says every message to <see cref="RecipientAddress"/> sent at or
/// before that unix-ms time now has <see cref="Status"/>.
/// </summary>
public sealed record StatusUpdate(
    string Channel, string? ProviderMessageId, string Status, string? Error, long? Timestamp,
    string? RecipientAddress = null, long? Watermark = null) : ChannelEvent(Channel);

/// <summary>The business's own message echoed back by the platform: never a customer message. The outbox matches <see cref="ChannelMessageId"/>.</summary>
public sealed record Echo(
    string Channel, string RecipientAddress, string ChannelMessageId, string Text, long? Timestamp, string? AppId = null) : ChannelEvent(Channel);

/// <summary>A public post naming the business (X tweet_create_events): the keyword filters decide, then it is routed as a public post.</summary>
public sealed record PublicMention(
    string Channel, string TweetId, string AuthorId, string? AuthorHandle, string? AuthorName, string Text, long? Timestamp) : ChannelEvent(Channel);

/// <summary>Delivery statuses as the outbox stores them, and the order they only ever move forward in.</summary>
public static class DeliveryStatus
{
    public const string Queued = "queued", Sent = "sent", Delivered = "delivered", Read = "read", Failed = "failed";

    private static int Rank(string status) => status switch
    {
        Queued => 0, Sent => 1, Delivered => 2, Read => 3, Failed => 1, _ => -1,
    };

    /// <summary>
    /// True when <paramref name="next"/> moves a message forward: platforms deliver statuses out of order ("delivered" after
    /// "read"), and a message already delivered cannot fail any more.
    /// </summary>
    public static bool IsUpgrade(string current, string next) =>
        next == Failed ? current is Queued or Sent : current != Failed && Rank(next) > Rank(current);
}
