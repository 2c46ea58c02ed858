namespace Crm.ServiceInterface.EntryFlow;

/// <summary>One weekly opening slot in local wall time; a close at or before the open runs past midnight into the next day.</summary>
public sealed record OpeningSlot(DayOfWeek Day, int OpenMinute, int CloseMinute)
{
    public bool Overnight => CloseMinute <= OpenMinute;
}

/// <summary>A dated closure or a day with changed hours (minutes of the local day), with its own message.</summary>
public sealed record SpecialDayRule(long Id, string Name, DateOnly Date, bool RepeatsYearly, bool Closed, int? OpenMinute, int? CloseMinute, string Message)
{
    public bool Falls(DateOnly day) =>
        Date == day || RepeatsYearly && day.Year >= Date.Year && day.Month == Date.Month && day.Day == Date.Day;
}

/// <summary>Whether a schedule is open at one instant; when closed, when it next opens and which special day (if any) closed it.</summary>
public sealed record OpeningStatus(bool IsOpen, DateTimeOffset? ClosesAt, DateTimeOffset? OpensAt, SpecialDayRule? SpecialDay);

/// <summary>
/// Business hours as instants: each slot of each local date is turned into a UTC interval in the IANA zone, so a day that
/// springs forward or falls back (Europe/Madrid, last Sundays of March and October) opens and closes at the wall-clock times
/// people read. A wall time that does not exist (the spring gap) moves forward by the gap; one that happens twice counts
/// its first occurrence.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, IReadOnlyList<OpeningSlot> slots, IReadOnlyList<SpecialDayRule> specialDays)
{
    /// <summary>How far ahead the next opening is looked for: a year and a bit covers any holiday calendar.</summary>
    private const int LookAheadDays = 400;

    public TimeZoneInfo Zone => zone;

    public OpeningStatus At(DateTimeOffset instant)
    {
        var today = LocalDate(instant);
        // Yesterday's overnight slot can still be open this morning.
        foreach (var day in new[] { today.AddDays(-1), today })
            foreach (var (from, to) in IntervalsStarting(day))
                if (from <= instant && instant < to) return new OpeningStatus(true, to, null, null);
        return new OpeningStatus(false, null, NextOpening(instant, today), SpecialDayOn(today));
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public SpecialDayRule? SpecialDayOn(DateOnly day) =>
        specialDays.FirstOrDefault(s => !s.RepeatsYearly && s.Falls(day)) ?? specialDays.FirstOrDefault(s => s.Falls(day));

    /// <summary>The opening intervals that start on this local date: its special day's hours if it has one, else the weekly slots.</summary>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset To)> IntervalsStarting(DateOnly day)
    {
        if (SpecialDayOn(day) is { } special)
        {
            if (!special.Closed && special.OpenMinute is { } open && special.CloseMinute is { } close)
                yield return Interval(day, open, close);
            yield break;
        }
        foreach (var slot in slots.Where(s => s.Day == day.DayOfWeek).OrderBy(s => s.OpenMinute))
            yield return Interval(day, slot.OpenMinute, slot.CloseMinute);
    }

    private DateTimeOffset? NextOpening(DateTimeOffset instant, DateOnly today)
    {
        for (var day = today; day <= today.AddDays(LookAheadDays); day = day.AddDays(1))
            foreach (var (from, _) in IntervalsStarting(day))
                if (from > instant) return from;
        return null;
    }

    private (DateTimeOffset From, DateTimeOffset To) Interval(DateOnly day, int open, int close) =>
        (Instant(day, open), Instant(close <= open ? day.AddDays(1) : day, close));

    /// <summary>The instant a local wall time of a date happens in the zone.</summary>
    public DateTimeOffset Instant(DateOnly day, int minuteOfDay)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minuteOfDay);
        TimeSpan offset;
        if (zone.IsInvalidTime(local)) offset = zone.GetUtcOffset(local.AddHours(-3)); // before the gap: lands as far past it as it was into it
        else if (zone.IsAmbiguousTime(local)) offset = zone.GetAmbiguousTimeOffsets(local).Max(); // the larger offset is the earlier instant
        else offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }
}

/// <summary>Reads the "HH:mm" wall times and day names admins write ("24:00" closes at midnight).</summary>
public static class WallTime
{
    public static int? ParseMinute(string? text, bool allowMidnightEnd)
    {
        if (text is null) return null;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[1].Length != 2 || !int.TryParse(parts[0], out var h) || !int.TryParse(parts[1], out var m)) return null;
        if (h == 24 && m == 0 && allowMidnightEnd) return 24 * 60;
        return h is >= 0 and < 24 && m is >= 0 and < 60 ? h * 60 + m : null;
    }

    public static string Format(int minute) => $"{minute / 60:D2}:{minute % 60:D2}";

    public static DayOfWeek? ParseDay(string? text)
    {
        var t = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(t) || t.Length < 3) return null;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (name == t || name[..3] == t) return day;
        }
        return null;
    }

    public static string DayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>An IANA zone this server knows (Linux reads them from tzdata).</summary>
    public static TimeZoneInfo? Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
}
