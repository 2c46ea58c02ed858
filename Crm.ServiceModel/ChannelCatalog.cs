namespace Crm.ServiceModel;

/// <summary>How a channel setting is entered, stored and shown: secrets are write-only and stored encrypted.</summary>
public enum ChannelSettingKind { Text, Secret, Url, Flag }

/// <summary>The keyboard a setting's field asks for on a phone or tablet (the HTML inputmode).</summary>
public enum SettingInputMode { Text, Numeric, Tel, Url }

/// <summary>
/// GET /api/channels/catalog: every channel the CRM speaks, as one list the whole desktop reads its channel names, filters,
/// entry points and the admin page's settings from. Adding a channel is one entry in the server's catalog plus its adapter.
/// </summary>
public record ChannelCatalogDto(IReadOnlyList<ChannelInfoDto> Channels);

/// <summary>
/// One channel: its name as the API and the database spell it ("messenger"), its label ("Messenger"), how a conversation on it
/// is named ("Messenger chat"), whether it has private messages and public posts, its messaging window, the entry-point kinds
/// it routes through, and (for the social channels an admin configures) the settings page's card.
/// </summary>
public record ChannelInfoDto(
    string Name,
    string Label,
    string ChatLabel,
    bool PrivateMessages,
    bool PublicPosts,
    MessagingWindowDto? Window,
    IReadOnlyList<EntryKindDto> EntryKinds,
    ChannelSetupDto? Setup);

/// <summary>
/// When the business may still write after the customer's last message: StandardMs, or HumanAgentTagMs when the page may use
/// Messenger's HUMAN_AGENT tag. A channel without a window (SMS, X, web chat) has none.
/// </summary>
public record MessagingWindowDto(long StandardMs, long? HumanAgentTagMs);

/// <summary>
/// One kind of entry point ("x-public": X mentions), what Admin &gt; Entry flow matches a new chat by; Public when it takes
/// the channel's public posts. Playback filters by kind too.
/// </summary>
public record EntryKindDto(string Kind, string Label, bool Public);

/// <summary>The channel's card on Admin &gt; Channels: who runs it, where its webhook goes, and the settings it asks for, in order.</summary>
public record ChannelSetupDto(string Platform, string WebhookPath, string Subtitle, string WebhookHint, IReadOnlyList<ChannelSettingFieldDto> Fields);

/// <summary>
/// One setting on the card: Name is its JSON name in the admin view and in PUT /api/admin/channels/{channel}; MaxLength is the
/// longest value the save accepts (null for a flag).
/// </summary>
public record ChannelSettingFieldDto(
    string Name,
    ChannelSettingKind Kind,
    string Label,
    string? Hint,
    string? Placeholder,
    SettingInputMode InputMode,
    bool Optional,
    int? MaxLength);
