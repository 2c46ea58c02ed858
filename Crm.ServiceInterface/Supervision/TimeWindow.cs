using System.Globalization;

namespace Crm.ServiceInterface.Supervision;

/// <summary>A from/to window from a query string: ISO 8601 dates (a whole day, in the server's zone) or instants, or unix milliseconds.</summary>
public readonly record struct TimeWindow(long From, long To)
{
    /// <summary>Reads both ends, adding a plain-words problem per bad one to <paramref name="validation"/>; missing ends take the defaults.</summary>
    public static TimeWindow Parse(string? from, string? to, long defaultFrom, long defaultTo, TimeProvider time, Validation validation)
    {
        var start = Read(from, endOfDay: false, time, "from", validation) ?? defaultFrom;
        var end = Read(to, endOfDay: true, time, "to", validation) ?? defaultTo;
        validation.When(end < start, "to", "The end of the period comes before its start; swap them.");
        return new TimeWindow(start, end);
    }

    /// <summary>Midnight before <paramref name="at"/> in the server's time zone: "today" is the contact center's working day, not UTC's.</summary>
    public static long StartOfDay(long at, TimeProvider time)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(at), time.LocalTimeZone);
        return new DateTimeOffset(local.Date, local.Offset).ToUnixTimeMilliseconds();
    }

    private static long? Read(string? text, bool endOfDay, TimeProvider time, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var date = endOfDay ? day.AddDays(1) : day;
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(midnight, time.LocalTimeZone.GetUtcOffset(midnight)).ToUnixTimeMilliseconds();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUnixTimeMilliseconds();
        validation.Add(field, $"'{text}' is not a date or time: write it like 2026-12-01 or 2026-12-01T09:30:00Z.");
        return null;
    }
}
