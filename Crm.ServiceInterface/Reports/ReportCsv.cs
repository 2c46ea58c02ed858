using System.Globalization;
using CsvHelper;

namespace Crm.ServiceInterface.Reports;

/// <summary>Every report as CSV: the rows the page shows, durations in seconds to one decimal as on screen, shares 0..1.</summary>
public static class ReportCsv
{
    public static string Volume(VolumeReportDto r) => Write(["bucket", "received", "answered", "abandoned", "transferred"],
        r.Buckets.Append(r.Total).Select(b => new object?[] { b.Bucket, b.Received, b.Answered, b.Abandoned, b.Transferred }));

    public static string Speed(SpeedReportDto r) => Write(
        ["bucket", .. new[] { "wait", "first_response", "handle", "post_processing" }
            .SelectMany(m => new[] { $"{m}_count", $"{m}_average_seconds", $"{m}_p90_seconds" })],
        r.Buckets.Append(r.Total).Select(b => new object?[] { b.Bucket }
            .Concat(new[] { b.Wait, b.FirstResponse, b.Handle, b.PostProcessing }
                .SelectMany(d => new object?[] { d.Count, Seconds(d.AverageMs), Seconds(d.P90Ms) }))
            .ToArray()));

    public static string WrapUp(WrapUpReportDto r) => Write(["kind", "id", "name", "conversations", "share"],
        r.Reasons.Select(x => new object?[] { "reason", x.Id, x.Name, x.Count, x.Share })
            .Concat(r.TransactionCodes.Select(x => new object?[] { "transaction_code", x.Id, x.Name, x.Count, x.Share })));

    public static string Agents(AgentsReportDto r) => Write(
        ["agent_id", "agent", "handled", "average_handle_seconds", .. r.States.Select(s => $"{s}_seconds"),
            "signed_in_seconds", "holding_seconds", "occupancy"],
        r.Agents.Select(a => new object?[] { a.AgentId, a.DisplayName, a.Handled, Seconds(a.AverageHandleMs) }
            .Concat(r.States.Select(s => (object?)Seconds(a.StateMs.GetValueOrDefault(s))))
            .Concat([Seconds(a.SignedInMs), Seconds(a.HoldingMs), a.Occupancy]).ToArray()));

    public static string ServiceLevel(ServiceLevelReportDto r) => Write(
        ["queue_id", "queue", "threshold_seconds", "received", "answered", "answered_in_time", "abandoned", "service_level"],
        r.Queues.Select(q => new object?[] { q.QueueId, q.Queue, q.ThresholdSeconds, q.Received, q.Answered, q.AnsweredInTime, q.Abandoned, q.ServiceLevel }));

    /// <summary>One row per conversation; times in the report's zone, stated in the column name's offset.</summary>
    public static string Conversations(ReportScopeDto scope, IEnumerable<ReportConversationDto> rows)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scope.TimeZone);
        return Write(["id", "received_at", "bucket", "channel", "queue", "customer", "agents", "state", "outcome", "transferred", "wait_seconds",
                "first_response_seconds", "handle_seconds", "post_processing_seconds", "wrapup_reasons", "transaction_codes"],
            rows.Select(c => new object?[]
            {
                c.Id,
                TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(c.ReceivedAt), zone)
                    .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                c.Bucket, c.Channel, c.Queue, c.Customer, string.Join("; ", c.Agents), c.State, c.Outcome, c.Transferred ? 1 : 0, Seconds(c.WaitMs),
                Seconds(c.FirstResponseMs), Seconds(c.HandleMs), Seconds(c.PostProcessingMs),
                string.Join("; ", c.WrapUpReasons), string.Join("; ", c.TransactionCodes),
            }));
    }

    /// <summary>Milliseconds as seconds to one decimal, the way the page shows them.</summary>
    public static double? Seconds(long? ms) => ms is { } v ? Math.Round(v / 1000.0, 1, MidpointRounding.AwayFromZero) : null;

    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape }; // a customer named "=SUM(..)" stays text

    private static string Write(IEnumerable<string> header, IEnumerable<object?[]> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteRecord(header.ToArray());
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field);
                csv.EndRecord();
            }
        }
        return text.ToString();
    }
}
