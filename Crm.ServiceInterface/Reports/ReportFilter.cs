using System.Globalization;

namespace Crm.ServiceInterface.Reports;

/// <summary>How a report's buckets are cut, in the filter's time zone.</summary>
public enum ReportGrouping { Day, Hour }

/// <summary>What the conversations behind a figure are: the volume measures, and the service level's in-time and late answers.</summary>
public enum ReportMeasure { Received, Answered, Abandoned, Transferred, AnsweredInTime, AnsweredLate }

/// <summary>The query string every report takes, as text, so each bad value is refused in words (never a framework 400 or a 5xx).</summary>
public sealed record ReportQuery(string? From = null, string? To = null, string? Tz = null, string? Queue = null, string? Agent = null,
    string? Channel = null, string? GroupBy = null, string? Bucket = null, string? Measure = null, string? Reason = null, string? Code = null);

/// <summary>A report's filter, read and checked: the window in unix ms [From, To), the zone, grouping, and the drill-down's bucket.</summary>
public sealed record ReportFilter(long From, long To, TimeZoneInfo Zone, ReportGrouping Grouping, long? QueueId, long? AgentId, string? Channel,
    string? Bucket, ReportMeasure Measure, long? ReasonId, long? CodeId)
{
    public const int MaxHourDays = 31, MaxDayDays = 400;
    private const long Day = 86_400_000L;

    public static ReportFilter Parse(ReportQuery q, TimeProvider time)
    {
        var v = new Validation();
        var zone = ZoneOf(q.Tz, time, v);
        var grouping = ParseEnum(q.GroupBy, ReportGrouping.Day, "groupBy", "Group by day or hour.", v);
        var measure = ParseEnum(q.Measure?.Replace("-", ""), ReportMeasure.Received, "measure",
            "The measure is one of received, answered, abandoned, transferred, answered-in-time, answered-late.", v);
        var todayEnd = StartOfLocalDay(time.GetUtcNow().ToUnixTimeMilliseconds(), zone) + Day;
        var to = Instant(q.To, endOfDay: true, zone, "to", v) ?? todayEnd;
        var from = Instant(q.From, endOfDay: false, zone, "from", v) ?? StartOfLocalDay(to - 7 * Day, zone);
        if (to <= from) v.Add("to", "The end of the period comes before its start; swap them.");
        var maxDays = grouping == ReportGrouping.Hour ? MaxHourDays : MaxDayDays;
        if (to - from > maxDays * Day)
            v.Add("to", grouping == ReportGrouping.Hour
                ? $"Grouping by hour covers at most {MaxHourDays} days; pick a shorter period or group by day."
                : $"A report covers at most {MaxDayDays} days; pick a shorter period.");
        var filter = new ReportFilter(from, to, zone, grouping, Id(q.Queue, "queue", "queue", v), Id(q.Agent, "agent", "agent", v),
            string.IsNullOrWhiteSpace(q.Channel) ? null : q.Channel.Trim().ToLowerInvariant(), string.IsNullOrWhiteSpace(q.Bucket) ? null : q.Bucket.Trim(),
            measure, Id(q.Reason, "reason", "wrap-up reason", v), Id(q.Code, "code", "transaction code", v));
        v.MaxLength(q.Channel, 40, "channel", "The channel").MaxLength(q.Bucket, 40, "bucket", "The bucket");
        v.ThrowIfInvalid();
        return filter;
    }

    /// <summary>The bucket an instant falls in, read in the filter's zone: "2026-12-01" by day, "2026-12-01 09:00" by hour.</summary>
    public string BucketOf(long at)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(at), Zone);
        return Grouping == ReportGrouping.Day
            ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
    }

    /// <summary>Every bucket of the window in order, empty ones too, with the first instant of each inside the window.</summary>
    public IReadOnlyList<(string Key, long Start)> Buckets()
    {
        var buckets = new List<(string, long)>();
        string? last = null;
        // Hour steps find every local hour and day, across daylight-saving changes too (zones move by whole or half hours).
        for (var at = From; at < To; at = NextHourStep(at))
        {
            var key = BucketOf(at);
            if (key != last) buckets.Add((key, at));
            last = key;
        }
        return buckets;
    }

    public ReportScopeDto Scope() =>
        new(From, To, Zone.Id, Grouping.ToString().ToLowerInvariant(), QueueId, AgentId, Channel);

    private static long NextHourStep(long at) => at - ((at % 3_600_000L + 3_600_000L) % 3_600_000L) + 3_600_000L;

    private static long StartOfLocalDay(long at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(at), zone);
        return LocalMidnight(DateOnly.FromDateTime(local.DateTime), zone);
    }

    private static long LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        // A midnight skipped by a daylight-saving change starts the day an hour later.
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddHours(1);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUnixTimeMilliseconds();
    }

    private static TimeZoneInfo ZoneOf(string? tz, TimeProvider time, Validation v)
    {
        if (string.IsNullOrWhiteSpace(tz)) return time.LocalTimeZone;
        if (tz.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(tz.Trim(), out var zone)) return zone;
        v.Add("tz", $"'{Short(tz)}' is not a time zone: use an IANA name like Europe/Madrid or America/New_York.");
        return TimeZoneInfo.Utc;
    }

    private static long? Instant(string? text, bool endOfDay, TimeZoneInfo zone, string field, Validation v)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return LocalMidnight(endOfDay ? day.AddDays(1) : day, zone);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return instant.ToUnixTimeMilliseconds();
        v.Add(field, $"'{Short(text)}' is not a date or time: write it like 2026-12-01 or 2026-12-01T09:30:00Z.");
        return null;
    }

    private static long? Id(string? text, string field, string what, Validation v)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        v.Add(field, $"Pick the {what} by its number ('{Short(text)}' is not one).");
        return null;
    }

    private static T ParseEnum<T>(string? text, T fallback, string field, string message, Validation v) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var parsed) && !int.TryParse(text, out _)) return parsed;
        v.Add(field, message);
        return fallback;
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
