namespace Crm.ServiceModel;

/// <summary>
/// A WhatsApp template to send: its registered name and language, the values for its body's {{1}}, {{2}}... in order, and for its
/// header's {{1}} when the header has one.
/// </summary>
public class TemplateMessage : IReturn<MessageDto>
{
    public string? Name { get; set; }
    public string? Language { get; set; }
    public List<string>? Parameters { get; set; }
    public List<string>? HeaderParameters { get; set; }
}

/// <summary>An agent starts a conversation with a customer over a channel they have an identity on: text, or a WhatsApp template.</summary>
public class StartConversation : IReturn<ConversationDto>
{
    public long? CustomerId { get; set; }
    /// <summary>sms, whatsapp or messenger.</summary>
    public string? Channel { get; set; }
    public string? Text { get; set; }
    public TemplateMessage? Template { get; set; }
}

/// <summary>An integration starts a conversation with an address (the customer is found or created): text, or a WhatsApp template.</summary>
public class StartOutbound : IReturn<OutboundStarted>
{
    /// <summary>sms, whatsapp or messenger.</summary>
    public string? Channel { get; set; }
    /// <summary>A phone number for sms and whatsapp (E.164 or national), a page-scoped id for messenger.</summary>
    public string? Address { get; set; }
    /// <summary>The customer's name when they are new; an existing customer keeps theirs.</summary>
    public string? Name { get; set; }
    public string? Text { get; set; }
    public TemplateMessage? Template { get; set; }
}

/// <remarks><see cref="Replayed"/>: true when an Idempotency-Key was seen before and this is the first call's answer.</remarks>
public record OutboundStarted(long ConversationId, long CustomerId, bool CustomerCreated, long MessageId, string Channel, string Address, string State,
    bool Replayed = false);

/// <summary>
/// One channel a customer can be reached on, and whether a message may go now: <see cref="Allowed"/> free text, or only a template
/// (<see cref="NeedsTemplate"/>, WhatsApp past 24 hours), or not at all (<see cref="Refusal"/> says why in words).
/// </summary>
public record OutboundChannelDto(string Channel, string Label, string Address, string AddressFormatted, bool Allowed, bool NeedsTemplate,
    long? WindowClosesAt, string? Refusal);

/// <summary>A button of a WhatsApp template as registered: QUICK_REPLY, URL or PHONE_NUMBER, with the text the customer sees.</summary>
public record TemplateButtonDto(string Type, string Text, string? Url = null, string? PhoneNumber = null);

/// <remarks><see cref="ParameterCount"/>: how many {{n}} the body has; <see cref="HeaderParameterCount"/>: the header's.</remarks>
public record WhatsAppTemplateDto(long Id, string Name, string Language, string Category, string Body, string? HeaderText,
    IReadOnlyList<TemplateButtonDto> Buttons, string Status, string Source, bool Enabled, int ParameterCount, int HeaderParameterCount, long UpdatedAt);

/// <summary>An approved template as the business registered it with Meta.</summary>
public class SaveWhatsAppTemplate : IReturn<WhatsAppTemplateDto>
{
    public string? Name { get; set; }
    /// <summary>The language code the template was approved in: en_US, pt_BR, de...</summary>
    public string? Language { get; set; }
    /// <summary>MARKETING, UTILITY or AUTHENTICATION.</summary>
    public string? Category { get; set; }
    /// <summary>The body with {{1}}, {{2}}... placeholders, at most 1,024 characters.</summary>
    public string? Body { get; set; }
    /// <summary>Optional header text (at most 60 characters, one {{1}} at most).</summary>
    public string? HeaderText { get; set; }
    public List<TemplateButtonInput>? Buttons { get; set; }
    public bool? Enabled { get; set; }
}

public class TemplateButtonInput
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? Url { get; set; }
    public string? PhoneNumber { get; set; }
}

/// <summary>What a Sync from the Cloud API did: templates added, updated, and those Meta no longer lists (disabled).</summary>
public record TemplateSyncResult(int Added, int Updated, int Disabled, int Skipped, IReadOnlyList<WhatsAppTemplateDto> Templates);
