using System.Globalization;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>A message the customer gets once per conversation and period; the key names the period.</summary>
internal sealed record EntryNotice(string Key, string Text, bool IsClosure);

/// <summary>What the entry point says at one instant: the notices due, and whether (and until when) routing waits.</summary>
internal sealed record EntryDecision(IReadOnlyList<EntryNotice> Notices, string? Hold, long? HeldUntil, string Status);

/// <summary>
/// The first step of the entry flow, in the Genesys seed's order: emergency, special day, business hours (the entry point's, then the queue's). Reads only;
/// what to do with the decision (send, hold, route) is <see cref="EntryFlowEngine"/>'s.
/// </summary>
internal static class EntryGate
{
    public const string DefaultClosedMessage = "We are closed now; we open again {opens}. Your message is safe with us.";

    /// <summary>The entry point's decision (when the chat came through one), then the queue's own hours: a closed queue holds the chat too.</summary>
    public static async Task<EntryDecision> DecideAsync(DbConnection c, DbTransaction? tx, EntryPointRow? entry, long? queueId, long now)
    {
        var decision = await EntryPointDecisionAsync(c, tx, entry, now);
        if (decision.Hold is not null || queueId is null) return decision;
        var queue = await c.QuerySingleOrDefaultAsync<(long? BusinessHoursId, string? ClosedMessage)>(
            "SELECT business_hours_id, closed_message FROM queues WHERE id = @queueId", new { queueId }, tx);
        if (await CalendarAsync(c, tx, queue.BusinessHoursId) is not { } calendar) return decision;
        var closed = Closed(calendar, now, $"queue:{queueId}", NonEmpty(queue.ClosedMessage) ?? entry?.OutsideHoursMessage ?? DefaultClosedMessage,
            null, routeAnyway: false);
        if (closed is null) return decision;
        // An entry point that routes anyway has already said it is closed: one closed message is enough.
        var notices = decision.Notices.Any(n => n.IsClosure) ? decision.Notices : [.. decision.Notices, .. closed.Notices];
        return closed with { Notices = notices };
    }

    /// <summary>The emergency (the entry point's own, else the one for all: it covers chats no entry point names too), then the hours.</summary>
    private static async Task<EntryDecision> EntryPointDecisionAsync(DbConnection c, DbTransaction? tx, EntryPointRow? entry, long now)
    {
        var notices = new List<EntryNotice>();
        var emergency = await c.QueryFirstOrDefaultAsync<EmergencyRow>(
            $"SELECT {EmergencyRow.Columns} FROM emergencies WHERE active = 1 AND scope IN (0, @scope) ORDER BY scope DESC LIMIT 1",
            new { scope = entry?.Id ?? 0 }, tx);
        if (emergency is not null)
        {
            notices.Add(new EntryNotice($"emergency:{emergency.Scope}:{emergency.ChangedAt}", emergency.Message, false));
            if (emergency.HoldRouting) return new EntryDecision(notices, EntryHold.Emergency, null, "emergency");
        }
        var open = new EntryDecision(notices, null, null, emergency is null ? "open" : "emergency");
        if (entry is null || await CalendarAsync(c, tx, entry.BusinessHoursId) is not { } calendar) return open;
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

    public static async Task<BusinessCalendar?> CalendarAsync(DbConnection c, DbTransaction? tx, long? businessHoursId)
    {
        if (businessHoursId is null) return null;
        var hours = await c.QuerySingleOrDefaultAsync<BusinessHoursRow>(
            $"SELECT {BusinessHoursRow.Columns} FROM business_hours WHERE id = @businessHoursId AND retired = 0", new { businessHoursId }, tx);
        if (hours is null || WallTime.Zone(hours.TimeZone) is not { } zone) return null;
        var specialDays = await c.QueryAsync<SpecialDayRow>(
            $"SELECT {SpecialDayRow.Columns} FROM special_days WHERE retired = 0 AND (business_hours_id IS NULL OR business_hours_id = @businessHoursId)",
            new { businessHoursId }, tx);
        return new BusinessCalendar(zone, hours.OpeningSlots(), specialDays.Select(s => s.Rule()).ToList());
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
