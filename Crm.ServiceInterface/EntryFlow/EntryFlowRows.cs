using System.Text.Json;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>Why a conversation waits before its queue; no hold means it is in the queue.</summary>
public static class EntryHold
{
    public const string Closed = "closed", SpecialDay = "special_day", Emergency = "emergency", Bot = "bot";

    /// <summary>An integration wrote first: out of the Inbox until the customer replies, then routed like an inbound chat.</summary>
    public const string AwaitingReply = "awaiting_reply";

    /// <summary>The stored hold as its kind; the column holds only the names above.</summary>
    public static HoldKind KindOf(string hold) => hold switch
    {
        Closed => HoldKind.Closed,
        SpecialDay => HoldKind.SpecialDay,
        Emergency => HoldKind.Emergency,
        Bot => HoldKind.Bot,
        AwaitingReply => HoldKind.AwaitingReply,
        _ => throw new InvalidOperationException($"A conversation is held as '{hold}', which is not a hold."),
    };

    /// <summary>The holds the clock or a switch ends (a bot hold ends with the bot's handoff).</summary>
    public const string TimedSql = "('closed', 'special_day', 'emergency')";
}

/// <summary>The bot that talks to the customer before the queue.</summary>
public static class BotKind
{
    public const string None = "none", BuiltIn = "builtin", External = "external";
    public static readonly string[] All = [None, BuiltIn, External];
}

public static class ReplyMode
{
    public const string Public = "public", Private = "private";
    public static readonly string[] All = [Public, Private];
}

/// <summary>The channel names an entry point can name; x-public is X mentions (public posts).</summary>

internal sealed class EntryPointRow
{
    public long Id { get; set; }
    public string Channel { get; set; } = "";
    public string? Address { get; set; }
    public long QueueId { get; set; }
    public string QueueName { get; set; } = "";
    public long? BusinessHoursId { get; set; }
    public string OutsideHoursMessage { get; set; } = "";
    public string? SpecialDayMessage { get; set; }
    public string ReplyMode { get; set; } = EntryFlow.ReplyMode.Public;
    public bool RouteAnyway { get; set; }
    public string Bot { get; set; } = BotKind.None;
    public string? BotUrl { get; set; }
    public string? BotSecret { get; set; }
    public string? BotGreeting { get; set; }
    public int BotMaxMisses { get; set; }
    public int BotMaxMessages { get; set; }
    public int? BotSilenceMinutes { get; set; }
    public string? BotClosingMessage { get; set; }
    /// <summary>Read only by <see cref="EntryFlowSettings"/>, which keeps retired entry points for the chats that came through them.</summary>
    public bool Retired { get; set; }

    public const string Columns = """
        e.id, e.channel, e.address, e.queue_id AS QueueId, q.name AS QueueName, e.business_hours_id AS BusinessHoursId,
        e.outside_hours_message AS OutsideHoursMessage, e.special_day_message AS SpecialDayMessage, e.reply_mode AS ReplyMode,
        e.route_anyway AS RouteAnyway, e.bot, e.bot_url AS BotUrl, e.bot_secret AS BotSecret, e.bot_greeting AS BotGreeting,
        e.bot_max_misses AS BotMaxMisses, e.bot_max_messages AS BotMaxMessages, e.bot_silence_minutes AS BotSilenceMinutes,
        e.bot_closing_message AS BotClosingMessage
        """;

    public const string From = "entry_points e JOIN queues q ON q.id = e.queue_id";
}

internal sealed class BusinessHoursRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public string Slots { get; set; } = "[]";

    public const string Columns = "id, name, time_zone AS TimeZone, slots";

    public IReadOnlyList<OpeningSlotDto> SlotDtos() => JsonSerializer.Deserialize<List<OpeningSlotDto>>(Slots, Json) ?? [];

    public IReadOnlyList<OpeningSlot> OpeningSlots() =>
        SlotDtos().Select(s => new OpeningSlot(
            WallTime.ParseDay(s.Day)!.Value, WallTime.ParseMinute(s.Open, false)!.Value, WallTime.ParseMinute(s.Close, true)!.Value)).ToList();

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

internal sealed class SpecialDayRow
{
    public long Id { get; set; }
    public long? BusinessHoursId { get; set; }
    public string Date { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Closed { get; set; }
    public string? OpenAt { get; set; }
    public string? CloseAt { get; set; }
    public string Message { get; set; } = "";
    public bool RepeatsYearly { get; set; }

    public const string Columns = """
        id, business_hours_id AS BusinessHoursId, date, name, closed, open_at AS OpenAt, close_at AS CloseAt, message, repeats_yearly AS RepeatsYearly
        """;

    public SpecialDayRule Rule() => new(Id, Name, DateOnly.ParseExact(Date, "yyyy-MM-dd"), RepeatsYearly, Closed,
        WallTime.ParseMinute(OpenAt, false), WallTime.ParseMinute(CloseAt, true), Message);

    public SpecialDayDto Dto() => new(Id, Date, Name, Closed, OpenAt, CloseAt, Message, RepeatsYearly, BusinessHoursId);
}

internal sealed class EmergencyRow
{
    public long Scope { get; set; }
    public bool Active { get; set; }
    public string Message { get; set; } = "";
    public bool HoldRouting { get; set; }
    public long ChangedAt { get; set; }

    public const string Columns = "scope, active, message, hold_routing AS HoldRouting, changed_at AS ChangedAt";

    public EmergencyDto Dto() => new(Scope == 0 ? null : Scope, Active, Message, HoldRouting, ChangedAt);
}
