
namespace Crm.ServiceInterface.Reports;

/// <summary>
/// The supervisor's reports, each computed from stored history for one filter: volume, speed, wrap-up, service level per queue, and
/// the conversations behind any bar or slice. Every conversation counts once, in the bucket of its arrival.
/// </summary>
public sealed class ReportsServices(ReportFacts facts, AgentActivity activity, TimeProvider time)
{
    /// <summary>How many conversations a drill-down lists on screen; its CSV has them all.</summary>
    public const int ListLimit = 500;

    public ReportFilter Filter(ReportQuery query) => ReportFilter.Parse(query, time);

    public async Task<VolumeReportDto> VolumeAsync(ReportFilter f, CancellationToken ct = default)
    {
        var rows = await facts.ConversationsAsync(f, ct, FactParts.None);
        var byBucket = rows.ToLookup(r => f.BucketOf(r.CreatedAt));
        return new VolumeReportDto(f.Scope(), Volume("total", f.From, rows), f.Buckets().Select(b => Volume(b.Key, b.Start, byBucket[b.Key])).ToList());
    }

    public async Task<SpeedReportDto> SpeedAsync(ReportFilter f, CancellationToken ct = default)
    {
        var rows = await facts.ConversationsAsync(f, ct, FactParts.Parts);
        var byBucket = rows.ToLookup(r => f.BucketOf(r.CreatedAt));
        return new SpeedReportDto(f.Scope(), Speed("total", f.From, rows), f.Buckets().Select(b => Speed(b.Key, b.Start, byBucket[b.Key])).ToList());
    }

    public async Task<WrapUpReportDto> WrapUpAsync(ReportFilter f, CancellationToken ct = default)
    {
        var rows = await facts.ConversationsAsync(f, ct, FactParts.WrapUps);
        return new WrapUpReportDto(f.Scope(), rows.Count(r => r.Reasons.Count > 0), Shares(rows.SelectMany(r => r.Reasons)),
            Shares(rows.SelectMany(r => r.Codes)));
    }

    public async Task<ServiceLevelReportDto> ServiceLevelAsync(ReportFilter f, CancellationToken ct = default)
    {
        var rows = await facts.ConversationsAsync(f, ct, FactParts.None);
        var queues = await activity.QueuesAsync(f, ct);
        var byQueue = rows.ToLookup(r => r.QueueId);
        return new ServiceLevelReportDto(f.Scope(), queues.Select(q =>
        {
            var of = byQueue[q.Id].ToList();
            var answered = of.Count(r => r.Answered);
            var inTime = of.Count(r => r.Answered && r.AnsweredInTime);
            var abandoned = of.Count(r => r.Abandoned);
            var counted = answered + abandoned;
            return new ServiceLevelRowDto(q.Id, q.Name, q.ThresholdSeconds, of.Count, answered, inTime, abandoned,
                counted == 0 ? null : Math.Round((double)inTime / counted, 4));
        }).ToList());
    }

    public Task<AgentsReportDto> AgentsAsync(ReportFilter f, CancellationToken ct = default) => activity.AgentsAsync(f, ct);

    /// <summary>The conversations behind one figure: the measure (and bucket, reason or code) picked, newest last as they arrived.</summary>
    public async Task<(ReportConversationsDto List, IReadOnlyList<ReportConversationDto> All)> ConversationsAsync(ReportFilter f,
        CancellationToken ct = default)
    {
        var rows = (await facts.ConversationsAsync(f, ct)).Where(r =>
            (f.Bucket is null || f.BucketOf(r.CreatedAt) == f.Bucket)
            && (f.ReasonId is null || r.Reasons.Any(x => x.Id == f.ReasonId))
            && (f.CodeId is null || r.Codes.Any(x => x.Id == f.CodeId))
            && f.Measure switch
            {
                ReportMeasure.Answered => r.Answered,
                ReportMeasure.Abandoned => r.Abandoned,
                ReportMeasure.Transferred => r.Transferred,
                ReportMeasure.AnsweredInTime => r.Answered && r.AnsweredInTime,
                ReportMeasure.AnsweredLate => r.Answered && !r.AnsweredInTime,
                _ => true,
            }).Select(r => Row(f, r)).ToList();
        return (new ReportConversationsDto(f.Scope(), rows.Count, ListLimit, rows.Take(ListLimit).ToList(), PlaybackLinks.For(f)), rows);
    }

    private static VolumeBucketDto Volume(string key, long start, IEnumerable<ConversationFact> rows)
    {
        var list = rows as IReadOnlyCollection<ConversationFact> ?? rows.ToList();
        return new VolumeBucketDto(key, start, list.Count, list.Count(r => r.Answered), list.Count(r => r.Abandoned), list.Count(r => r.Transferred));
    }

    private static SpeedBucketDto Speed(string key, long start, IEnumerable<ConversationFact> rows)
    {
        var list = rows as IReadOnlyCollection<ConversationFact> ?? rows.ToList();
        return new SpeedBucketDto(key, start, Durations.Of(list.Select(r => r.WaitMs)), Durations.Of(list.Select(r => r.FirstResponseMs)),
            Durations.Of(list.Select(r => r.HandleMs)), Durations.Of(list.Select(r => r.PostProcessingMs)));
    }

    private static List<WrapUpCountDto> Shares(IEnumerable<(long Id, string Name)> picks)
    {
        var counted = picks.GroupBy(p => p.Id).Select(g => (g.Key, g.First().Name, Count: g.Count())).ToList();
        var all = counted.Sum(c => c.Count);
        return counted.OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new WrapUpCountDto(c.Key, c.Name, c.Count, Math.Round((double)c.Count / all, 4))).ToList();
    }

    private static ReportConversationDto Row(ReportFilter f, ConversationFact r) =>
        new(r.Id, r.CreatedAt, f.BucketOf(r.CreatedAt), r.Channel, r.QueueId, r.Queue, r.Customer,
            r.Parts.Select(p => p.AgentName).Distinct().ToList(), r.State,
            r.Answered ? "answered" : r.Abandoned ? "abandoned" : r.State == Routing.ConversationState.Closed ? "closed" : "waiting",
            r.Transferred, r.WaitMs, r.FirstResponseMs, r.HandleMs, r.PostProcessingMs,
            r.Reasons.Select(x => x.Name).ToList(), r.Codes.Select(x => x.Name).ToList());
}

/// <summary>Average and 90th percentile of the durations that happened.</summary>
public static class Durations
{
    public static DurationStatDto Of(IEnumerable<long?> values)
    {
        var sorted = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        if (sorted.Count == 0) return new DurationStatDto(0, null, null);
        return new DurationStatDto(sorted.Count, (long)Math.Round(sorted.Average(v => (double)v)), Percentile(sorted, 0.9));
    }

    /// <summary>Nearest rank: the smallest value with at least that share of the values at or below it.</summary>
    public static long Percentile(IReadOnlyList<long> sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
