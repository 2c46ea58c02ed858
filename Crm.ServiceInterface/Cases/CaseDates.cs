using System.Globalization;

namespace Crm.ServiceInterface.Cases;

/// <summary>The cases list's from/to: an ISO 8601 date (a whole UTC day, "to" inclusive) or an instant.</summary>
internal static class CaseDates
{
    /// <summary>Unix milliseconds, or null when not given; a text that is no date goes to <paramref name="v"/> in words.</summary>
    public static long? Parse(string? text, bool endOfDay, string field, Validation v)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.AddDays(endOfDay ? 1 : 0).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && value.Contains('T'))
            return instant.ToUnixTimeMilliseconds() + (endOfDay ? 1 : 0);
        v.Add(field, $"'{value}' is not a date: write it as 2026-11-30, or an instant such as 2026-11-30T14:00:00Z.");
        return null;
    }
}
