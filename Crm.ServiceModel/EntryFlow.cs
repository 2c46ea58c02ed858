using System.Text.Json.Serialization;

namespace Crm.ServiceModel;

// The entry flow (issue 11): what runs before the queue for every inbound message. Request fields are nullable so that
// a missing field gets a sentence saying what to fill in, not a framework error.

/// <summary>One weekly opening slot: day (monday..sunday), open and close as "HH:mm" local time; a close at or before the open runs past midnight.</summary>
public class OpeningSlotDto
{
    public string? Day { get; set; }
    public string? Open { get; set; }
    public string? Close { get; set; }
}

public record BusinessHoursDto(long Id, string Name, string TimeZone, IReadOnlyList<OpeningSlotDto> Slots, bool OpenNow, long? OpensAt, long? ClosesAt);

public class SaveBusinessHours : IReturn<BusinessHoursDto>
{
    public string? Name { get; set; }
    /// <summary>An IANA time zone such as "Europe/Madrid".</summary>
    public string? TimeZone { get; set; }
    public List<OpeningSlotDto>? Slots { get; set; }
}

/// <summary>A closure or a day with changed hours; date is yyyy-MM-dd in the business hours' time zone.</summary>
public record SpecialDayDto(
    long Id, string Date, string Name, bool Closed, string? Open, string? Close, string Message, bool RepeatsYearly, long? BusinessHoursId);

public class SaveSpecialDay : IReturn<SpecialDayDto>
{
    public string? Date { get; set; }
    public string? Name { get; set; }
    public bool? Closed { get; set; }
    public string? Open { get; set; }
    public string? Close { get; set; }
    public string? Message { get; set; }
    public bool? RepeatsYearly { get; set; }
    /// <summary>The schedule it belongs to; none applies it to every schedule.</summary>
    public long? BusinessHoursId { get; set; }
}

/// <summary>
/// Which queue a channel (and optionally one page, number or X account: the address) feeds, and what runs before it.
/// Channel is webchat, messenger, whatsapp, sms, x (direct messages) or x-public (mentions). The bot secret is never shown back.
/// </summary>
public record EntryPointDto(
    long Id, string Channel, string? Address, long QueueId, string QueueName, long? BusinessHoursId, string OutsideHoursMessage,
    string? SpecialDayMessage, string ReplyMode, bool RouteAnyway, string Bot, string? BotUrl, bool BotSecretSet, string? BotGreeting,
    int BotMaxMisses, int BotMaxMessages, string Status, int? BotSilenceMinutes = null, string? BotClosingMessage = null);

public class SaveEntryPoint : IReturn<EntryPointDto>
{
    public string? Channel { get; set; }
    public string? Address { get; set; }
    public long? QueueId { get; set; }
    public long? BusinessHoursId { get; set; }
    public string? OutsideHoursMessage { get; set; }
    public string? SpecialDayMessage { get; set; }
    /// <summary>public or private: how public posts get the hours message.</summary>
    public string? ReplyMode { get; set; }
    public bool? RouteAnyway { get; set; }
    /// <summary>none, builtin (the Customer Virtual Assistant answering from the FAQ) or external (a bot at botUrl).</summary>
    public string? Bot { get; set; }
    public string? BotUrl { get; set; }
    /// <summary>Signs each post to the external bot; left empty on an edit, the stored one stays.</summary>
    public string? BotSecret { get; set; }
    public string? BotGreeting { get; set; }
    /// <summary>The built-in bot hands off after this many questions it could not answer (1 to 10).</summary>
    public int? BotMaxMisses { get; set; }
    /// <summary>The bot hands off after this many customer messages in any case (1 to 50).</summary>
    public int? BotMaxMessages { get; set; }
    /// <summary>The bot closes a chat whose customer has not written for this many minutes (1 to 1440); null: it waits for ever.</summary>
    public int? BotSilenceMinutes { get; set; }
    /// <summary>What the bot says as it closes a silent chat; empty: the default goodbye.</summary>
    public string? BotClosingMessage { get; set; }
}

/// <summary>An emergency switch: one per entry point, or for all (entryPointId null).</summary>
public record EmergencyDto(long? EntryPointId, bool Active, string Message, bool HoldRouting, long ChangedAt);

public class SetEmergency : IReturn<EmergencyDto>
{
    public long? EntryPointId { get; set; }
    public bool? Active { get; set; }
    public string? Message { get; set; }
    /// <summary>On: conversations wait until the emergency is switched off; off: the message goes out and routing continues.</summary>
    public bool? HoldRouting { get; set; }
}

/// <summary>What the external bot receives for each customer message (signed X-Crm-Signature-256: sha256=hex of the body).</summary>
public record BotRequest(long ConversationId, long MessageId, string Channel, string Address, long? CustomerId, string Text, long SentAt);

/// <summary>What the external bot answers: a reply to send, a handoff to the queue (optionally another queue by name), or both.</summary>
public class BotAnswer
{
    public string? Reply { get; set; }
    public BotHandoff? Handoff { get; set; }
}

public class BotHandoff
{
    public string? Queue { get; set; }
}

/// <summary>Why a conversation waits before its queue; each is spelt as the conversations.hold column stores it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HoldKind>))]
public enum HoldKind
{
    /// <summary>Outside business hours: released at the opening.</summary>
    [JsonStringEnumMemberName("closed")] Closed,
    /// <summary>A special day (closed, or other hours): released when it ends.</summary>
    [JsonStringEnumMemberName("special_day")] SpecialDay,
    /// <summary>An emergency holds routing: released when it is switched off.</summary>
    [JsonStringEnumMemberName("emergency")] Emergency,
    /// <summary>The bot talks to the customer first: released by its handoff.</summary>
    [JsonStringEnumMemberName("bot")] Bot,
    /// <summary>An integration wrote first: out of the Inbox until the customer replies.</summary>
    [JsonStringEnumMemberName("awaiting_reply")] AwaitingReply,
}

/// <summary>Pushed to supervisors when the entry flow holds a conversation, releases it, or the bot hands it off.</summary>
public sealed record EntryFlowChanged(long ConversationId, HoldKind? Hold, long? HeldUntil, string Reason) : IPushedEvent
{
    public static string Name => "entry-flow";
}

/// <summary>A chat the entry flow holds before its queue, for the supervisor: why (closed, special_day, emergency, bot), since and until when.</summary>
public record HeldChatDto(long ConversationId, string? CustomerName, string Channel, string? EntryPoint, string Queue, HoldKind Hold, long Since,
    long? Until);
