using System.Globalization;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>A message the customer gets once per conversation and period; the key names the period.</summary>
internal sealed record EntryNotice(string Key, string Text, bool IsClosure);

/// <summary>What the entry point says at one instant: the notices due, and whether (and until when) routing waits.</summary>
internal sealed record EntryDecision(IReadOnlyList<EntryNotice> Notices, string? Hold, long? HeldUntil, string Status)
{
    public static readonly EntryDecision Open = new([], null, null, "open");
}

/// <summary>
/// The first step of the entry flow, in the Genesys seed's order: emergency, special day, business hours. Reads only;
/// what to do with the decision (send, hold, route) is <see cref="EntryFlowEngine"/>'s.
/// </summary>
internal static class EntryGate
{
    public static async Task<EntryDecision> DecideAsync(DbConnection c, DbTransaction? tx, EntryPointRow entry, long now)
    {
        var notices = new List<EntryNotice>();
        var emergency = await c.QueryFirstOrDefaultAsync<EmergencyRow>(
            $"SELECT {EmergencyRow.Columns} FROM emergencies WHERE active = 1 AND scope IN (0, @Id) ORDER BY scope DESC LIMIT 1", entry, tx);
        if (emergency is not null)
        {
            notices.Add(new EntryNotice($"emergency:{emergency.Scope}:{emergency.ChangedAt}", emergency.Message, false));
            if (emergency.HoldRouting) return new EntryDecision(notices, EntryHold.Emergency, null, "emergency");
        }
        var calendar = await CalendarAsync(c, tx, entry.BusinessHoursId);
        if (calendar is null) return new EntryDecision(notices, null, null, emergency is null ? "open" : "emergency");

        var status = calendar.At(DateTimeOffset.FromUnixTimeMilliseconds(now));
        if (status.IsOpen) return new EntryDecision(notices, null, null, emergency is null ? "open" : "emergency");
        var opensAt = status.OpensAt?.ToUnixTimeMilliseconds();
        var opens = status.OpensAt is { } at ? TimeZoneInfo.ConvertTime(at, calendar.Zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture) : "later";
        if (status.SpecialDay is { } special)
        {
            var text = NonEmpty(special.Message) ?? NonEmpty(entry.SpecialDayMessage) ?? entry.OutsideHoursMessage;
            notices.Add(new EntryNotice($"special:{special.Id}:{calendar.LocalDate(DateTimeOffset.FromUnixTimeMilliseconds(now)):yyyy-MM-dd}",
                text.Replace("{opens}", opens, StringComparison.Ordinal), true));
            return new EntryDecision(notices, entry.RouteAnyway ? null : EntryHold.SpecialDay, opensAt, $"special day: {special.Name}");
        }
        notices.Add(new EntryNotice($"closed:{opensAt?.ToString(CultureInfo.InvariantCulture) ?? "never"}",
            entry.OutsideHoursMessage.Replace("{opens}", opens, StringComparison.Ordinal), true));
        return new EntryDecision(notices, entry.RouteAnyway ? null : EntryHold.Closed, opensAt, "closed");
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
