using System.Globalization;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>A message the customer gets once per conversation and period; the key names the period.</summary>
internal sealed record EntryNotice(string Key, string Text, bool IsClosure);

/// <summary>What the entry point says at one instant: the notices due, and whether (and until when) routing waits.</summary>
internal sealed record EntryDecision(IReadOnlyList<EntryNotice> Notices, string? Hold, long? HeldUntil, string Status);

/// <summary>
/// The first step of the entry flow, in the Genesys seed's order: emergency, special day, business hours (the entry point's, then the queue's).
/// It reads only the settings kept in memory (no I/O); what to do with the decision (send, hold, route) is <see cref="EntryFlowEngine"/>'s.
/// </summary>
internal static class EntryGate
{
    public const string DefaultClosedMessage = "We are closed now; we open again {opens}. Your message is safe with us.";

    /// <summary>The entry point's decision (when the chat came through one), then the queue's own hours: a closed queue holds the chat too.</summary>
    public static EntryDecision Decide(EntryFlowSettings settings, EntryPointRow? entry, long? queueId, long now)
    {
        var decision = EntryPointDecision(settings, entry, now);
        if (decision.Hold is not null || queueId is null) return decision;
        var queue = settings.Queue(queueId.Value);
        if (settings.Calendar(queue?.BusinessHoursId) is not { } calendar) return decision;
        var closed = Closed(calendar, now, $"queue:{queueId}", NonEmpty(queue?.ClosedMessage) ?? entry?.OutsideHoursMessage ?? DefaultClosedMessage,
            null, routeAnyway: false);
        if (closed is null) return decision;
        // An entry point that routes anyway has already said it is closed: one closed message is enough.
        var notices = decision.Notices.Any(n => n.IsClosure) ? decision.Notices : [.. decision.Notices, .. closed.Notices];
        return closed with { Notices = notices };
    }

    /// <summary>The emergency (the entry point's own, else the one for all: it covers chats no entry point names too), then the hours.</summary>
    private static EntryDecision EntryPointDecision(EntryFlowSettings settings, EntryPointRow? entry, long now)
    {
        var notices = new List<EntryNotice>();
        var emergency = settings.Emergency(entry?.Id);
        if (emergency is not null)
        {
            notices.Add(new EntryNotice($"emergency:{emergency.Scope}:{emergency.ChangedAt}", emergency.Message, false));
            if (emergency.HoldRouting) return new EntryDecision(notices, EntryHold.Emergency, null, "emergency");
        }
        var open = new EntryDecision(notices, null, null, emergency is null ? "open" : "emergency");
        if (entry is null || settings.Calendar(entry.BusinessHoursId) is not { } calendar) return open;
        var closed = Closed(calendar, now, "", entry.OutsideHoursMessage, entry.SpecialDayMessage, entry.RouteAnyway);
        return closed is null ? open : closed with { Notices = [.. notices, .. closed.Notices] };
    }

    /// <summary>The closed (or special day) notice and hold of one calendar at an instant; null while it is open.</summary>
    private static EntryDecision? Closed(BusinessCalendar calendar, long now, string scope, string outsideHoursMessage, string? specialDayMessage,
        bool routeAnyway)
    {
        var status = calendar.At(DateTimeOffset.FromUnixTimeMilliseconds(now));
        if (status.IsOpen) return null;
        var opensAt = status.OpensAt?.ToUnixTimeMilliseconds();
        var opens = status.OpensAt is { } at ? TimeZoneInfo.ConvertTime(at, calendar.Zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) : "later";
        var prefix = scope.Length == 0 ? "" : scope + ":";
        if (status.SpecialDay is { } special)
        {
            var text = NonEmpty(special.Message) ?? NonEmpty(specialDayMessage) ?? outsideHoursMessage;
            var key = $"{prefix}special:{special.Id}:{calendar.LocalDate(DateTimeOffset.FromUnixTimeMilliseconds(now)):yyyy-MM-dd}";
            return new EntryDecision([new EntryNotice(key, text.Replace("{opens}", opens, StringComparison.Ordinal), true)],
                routeAnyway ? null : EntryHold.SpecialDay, opensAt, $"special day: {special.Name}");
        }
        var notice = new EntryNotice($"{prefix}closed:{opensAt?.ToString(CultureInfo.InvariantCulture) ?? "never"}",
            outsideHoursMessage.Replace("{opens}", opens, StringComparison.Ordinal), true);
        return new EntryDecision([notice], routeAnyway ? null : EntryHold.Closed, opensAt, scope.Length == 0 ? "closed" : "queue closed");
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
