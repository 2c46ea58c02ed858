using Crm.ServiceInterface.Channels.Messenger;
using Crm.ServiceInterface.Channels.Twilio;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Channels.X;

namespace Crm.ServiceInterface.Channels;

/// <summary>The channel names every adapter, identity, conversation and entry point uses.</summary>
public static class ChannelName
{
    public const string WebChat = "webchat", Messenger = "messenger", WhatsApp = "whatsapp", Sms = "sms", X = "x", Facebook = "facebook";
}

/// <summary>When the business may still write after the customer's last message; Messenger's HUMAN_AGENT tag stretches it.</summary>
public sealed record MessagingWindowRule(TimeSpan Standard, TimeSpan? WithHumanAgentTag = null)
{
    public MessagingWindowDto ToDto() =>
        new((long)Standard.TotalMilliseconds, WithHumanAgentTag is { } tag ? (long)tag.TotalMilliseconds : null);
}

/// <summary>A kind of entry point: "x-public" is X mentions. <see cref="Public"/> when it takes the channel's public posts.</summary>
public sealed record EntryKind(string Kind, string Label, bool Public);

/// <summary>
/// Everything the CRM knows about one channel, in one entry: its name and words, whether it has private messages and public
/// posts, its messaging window, the entry-point kinds it routes through, its admin card (<see cref="Setup"/>, for the social
/// channels an admin configures) and its adapter (null for the built-in web chat, and for Facebook page posts, which arrive
/// on Messenger's webhook and go out as public actions).
/// </summary>
public sealed record ChannelInfo(
    string Name,
    string Label,
    string ChatLabel,
    bool PrivateMessages,
    bool PublicPosts,
    MessagingWindowRule? Window,
    IReadOnlyList<EntryKind> EntryKinds)
{
    internal ChannelDefinition? Setup { get; init; }

    public Func<ChannelsOptions, IChannelAdapter>? Adapter { get; init; }

    public ChannelInfoDto ToDto() => new(Name, Label, ChatLabel, PrivateMessages, PublicPosts, Window?.ToDto(),
        EntryKinds.Select(k => new EntryKindDto(k.Kind, k.Label, k.Public)).ToList(), Setup?.ToDto());
}

/// <summary>The one channel catalog: adding a channel is one entry here plus its adapter.</summary>
public static class ChannelCatalog
{
    private static readonly MessagingWindowRule CustomerService = new(TimeSpan.FromHours(24));

    public static readonly IReadOnlyList<ChannelInfo> All =
    [
        new(ChannelName.WebChat, "Web chat", "Web chat", PrivateMessages: true, PublicPosts: false, Window: null,
            [new(ChannelName.WebChat, "Web chat", false)]),
        new(ChannelName.Messenger, "Messenger", "Messenger chat", PrivateMessages: true, PublicPosts: false,
            new MessagingWindowRule(TimeSpan.FromHours(24), TimeSpan.FromDays(7)), [new(ChannelName.Messenger, "Messenger", false)])
        {
            Setup = ChannelSetups.Messenger, Adapter = o => new MessengerAdapter(o.Messenger),
        },
        new(ChannelName.WhatsApp, "WhatsApp", "WhatsApp chat", PrivateMessages: true, PublicPosts: false, CustomerService,
            [new(ChannelName.WhatsApp, "WhatsApp", false)])
        {
            Setup = ChannelSetups.WhatsApp, Adapter = o => new WhatsAppAdapter(o.WhatsApp),
        },
        new(ChannelName.Sms, "SMS", "SMS chat", PrivateMessages: true, PublicPosts: false, Window: null, [new(ChannelName.Sms, "SMS", false)])
        {
            Setup = ChannelSetups.Sms, Adapter = o => new TwilioAdapter(o.Twilio),
        },
        new(ChannelName.X, "X", "X chat", PrivateMessages: true, PublicPosts: true, Window: null,
            [new(ChannelName.X, "X direct messages", false), new(PublicKind(ChannelName.X), "X mentions (public posts)", true)])
        {
            Setup = ChannelSetups.X, Adapter = o => new XAdapter(o.X),
        },
        new(ChannelName.Facebook, "Facebook", "Facebook chat", PrivateMessages: false, PublicPosts: true, Window: null,
            [new(PublicKind(ChannelName.Facebook), "Facebook page comments and posts", true)]),
    ];

    public static ChannelInfo? Find(string? name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>"Web chat", "Messenger", "SMS": the channel as people read it; an unknown name as it is.</summary>
    public static string Label(string channel) => Find(channel)?.Label ?? channel;

    /// <summary>"Web chat", "Messenger chat", "SMS chat": how a conversation on the channel is named.</summary>
    public static string ChatLabel(string channel) => Find(channel)?.ChatLabel ?? channel + " chat";

    /// <summary>The channels that have public posts at all (what a keyword filter may apply to).</summary>
    public static IReadOnlyList<string> PublicChannels { get; } = All.Where(c => c.PublicPosts).Select(c => c.Name).ToList();

    /// <summary>Every entry-point kind, in the catalog's order: what an entry point and the playback filter take.</summary>
    public static IReadOnlyList<string> EntryKinds { get; } = All.SelectMany(c => c.EntryKinds).Select(k => k.Kind).ToList();

    /// <summary>The entry-point kind of a conversation: its channel, or "{channel}-public" for a public post.</summary>
    public static string EntryKindOf(string channel, bool isPublic) => isPublic ? PublicKind(channel) : channel;

    /// <summary>The channel and whether public posts only, for an entry-point kind or a channel name; null when neither.</summary>
    public static (ChannelInfo Channel, bool? Public)? ReadKind(string value)
    {
        if (Find(value) is { } channel) return (channel, null);
        var kind = All.SelectMany(c => c.EntryKinds.Select(k => (c, k))).FirstOrDefault(p => p.k.Kind == value);
        return kind.c is null ? null : (kind.c, kind.k.Public);
    }

    public static ChannelCatalogDto ToDto() => new(All.Select(c => c.ToDto()).ToList());

    private static string PublicKind(string channel) => channel + "-public";
}
