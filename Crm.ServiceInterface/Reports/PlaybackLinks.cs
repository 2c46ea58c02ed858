using System.Globalization;

namespace Crm.ServiceInterface.Reports;

/// <summary>The playback list for the same conversations: its filter by queue, agent, channel, wrap-up reason and the bucket's instants.</summary>
public static class PlaybackLinks
{
    public static string For(ReportFilter f)
    {
        var (from, to) = (f.From, f.To);
        if (f.Bucket is not null)
        {
            var buckets = f.Buckets();
            var index = buckets.ToList().FindIndex(b => b.Key == f.Bucket);
            if (index >= 0) (from, to) = (buckets[index].Start, index + 1 < buckets.Count ? buckets[index + 1].Start : f.To);
        }
        var query = new List<string>();
        void Add(string key, object? value)
        {
            // Instants (built here, not strings) keep their colons, which a query allows; a channel name is escaped.
            var text = value is string s ? Uri.EscapeDataString(s) : Convert.ToString(value, CultureInfo.InvariantCulture);
            if (value is not null) query.Add($"{key}={text}");
        }
        Add("queue", f.QueueId);
        Add("agent", f.AgentId);
        Add("channel", f.Channel);
        Add("from", Iso(from));
        Add("to", Iso(to));
        Add("wrapup", f.ReasonId);
        return "/playback?" + string.Join("&", query);
    }

    /// <summary>An exact instant: a bucket's day starts at midnight in the report's zone, not the server's.</summary>
    private static FormattableString Iso(long ms) => $"{DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";
}
