using System.Runtime.InteropServices;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Reports;

/// <summary>
/// The supervisor's reports, each computed from stored history for one filter: volume, speed, wrap-up, service level per queue, and
/// the conversations behind any bar or slice. Every conversation counts once, in the bucket of its arrival.
/// </summary>
public sealed class ReportsServices(CrmDb db, ReportFacts facts, RollupFacts rollup, AgentActivity activity, TimeProvider time)
{
    /// <summary>How many conversations a drill-down lists on screen; its CSV has them all.</summary>
    public const int ListLimit = 500;

    public ReportFilter Filter(ReportQuery query) => ReportFilter.Parse(query, time);

    public async Task<VolumeReportDto> VolumeAsync(ReportFilter f, CancellationToken ct = default)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var live = await facts.ConversationsAsync(s, f, FactParts.None);
        var slots = live.Select(r => new SlotCounts(r.CreatedAt / RollupFacts.SlotMs, 1, r.Answered ? 1 : 0, r.Abandoned ? 1 : 0, r.Transferred ? 1 : 0))
            .Concat(await rollup.VolumeAsync(s, f, ct)).ToList();
        var bucketOf = SlotBuckets(f);
        var byBucket = slots.ToLookup(x => bucketOf(x.Slot));
        return new VolumeReportDto(f.Scope(), Volume("total", f.From, slots), f.Buckets().Select(b => Volume(b.Key, b.Start, byBucket[b.Key])).ToList());
    }

    public async Task<SpeedReportDto> SpeedAsync(ReportFilter f, CancellationToken ct = default)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var live = await facts.ConversationsAsync(s, f, FactParts.Parts);
        var rows = live.Select(r => new RollupDurations(r.CreatedAt, r.WaitMs, r.FirstResponseMs, r.HandleMs, r.PostProcessingMs))
            .Concat(await rollup.DurationsAsync(s, f, ct)).ToList();
        var bucketOf = SlotBuckets(f);
        var byBucket = rows.ToLookup(r => bucketOf(r.CreatedAt / RollupFacts.SlotMs));
        return new SpeedReportDto(f.Scope(), Speed("total", f.From, rows), f.Buckets().Select(b => Speed(b.Key, b.Start, byBucket[b.Key])).ToList());
    }

    public async Task<WrapUpReportDto> WrapUpAsync(ReportFilter f, CancellationToken ct = default)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var live = await facts.ConversationsAsync(s, f, FactParts.WrapUps);
        var (wrapped, items) = await rollup.WrapUpAsync(s, f, ct);
        IEnumerable<(long Id, string Name, long Count)> Of(string kind, IEnumerable<(long Id, string Name)> picks) =>
            picks.Select(p => (p.Id, p.Name, 1L)).Concat(items.Where(i => i.Kind == kind).Select(i => (i.Id, i.Name, i.Count)));
        return new WrapUpReportDto(f.Scope(), (int)wrapped + live.Count(r => r.Reasons.Count > 0),
            Shares(Of(RollupWrapUp.Reason, live.SelectMany(r => r.Reasons))), Shares(Of(RollupWrapUp.Code, live.SelectMany(r => r.Codes))));
    }

    public async Task<ServiceLevelReportDto> ServiceLevelAsync(ReportFilter f, CancellationToken ct = default)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var live = await facts.ConversationsAsync(s, f, FactParts.None);
        var counts = live.Select(r => new QueueCounts(r.QueueId, 1, r.Answered ? 1 : 0, r.Answered && r.AnsweredInTime ? 1 : 0, r.Abandoned ? 1 : 0))
            .Concat(await rollup.ServiceLevelAsync(s, f, ct)).ToLookup(r => r.QueueId);
        var queues = await activity.QueuesAsync(f, ct);
        return new ServiceLevelReportDto(f.Scope(), queues.Select(q =>
        {
            var of = counts[q.Id].ToList();
            var (answered, inTime, abandoned) = ((int)of.Sum(r => r.Answered), (int)of.Sum(r => r.AnsweredInTime), (int)of.Sum(r => r.Abandoned));
            var counted = answered + abandoned;
            return new ServiceLevelRowDto(q.Id, q.Name, q.ThresholdSeconds, (int)of.Sum(r => r.Received), answered, inTime, abandoned,
                counted == 0 ? null : Math.Round((double)inTime / counted, 4));
        }).ToList());
    }

    public Task<AgentsReportDto> AgentsAsync(ReportFilter f, CancellationToken ct = default) => activity.AgentsAsync(f, ct);

    /// <summary>
    /// The conversations behind one figure: the measure (and bucket, reason or code) picked, newest last as they arrived. The settled
    /// ones are found in report_hours and read whole only as many as are shown; <paramref name="whole"/> (the CSV) reads them all.
    /// </summary>
    public async Task<(ReportConversationsDto List, IReadOnlyList<ReportConversationDto> All)> ConversationsAsync(ReportFilter f,
        bool whole = false, CancellationToken ct = default)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var live = await facts.ConversationsAsync(s, f);
        var thresholds = await RollupFacts.ThresholdsAsync(s);
        var bucketOf = SlotBuckets(f);
        bool Picked(long queueId, HourEntry e) =>
            (f.Bucket is null || bucketOf(e.CreatedAt / RollupFacts.SlotMs) == f.Bucket)
            && (f.ReasonId is not { } reason || e.Reasons.Contains(reason))
            && (f.CodeId is not { } code || e.Codes.Contains(code))
            && f.Measure switch
            {
                ReportMeasure.Answered => e.Answered,
                ReportMeasure.Abandoned => e.Abandoned,
                ReportMeasure.Transferred => e.Transferred,
                ReportMeasure.AnsweredInTime => e.AnsweredWithin(thresholds.GetValueOrDefault(queueId)),
                ReportMeasure.AnsweredLate => e.Answered && !e.AnsweredWithin(thresholds.GetValueOrDefault(queueId)),
                _ => true,
            };
        var byId = live.ToDictionary(r => r.Id);
        var picked = new List<(long CreatedAt, long Id)>();
        if (await ReportHours.CompleteAsync(s))
            await ReportHours.WindowAsync(s, f, (queue, e) =>
            {
                if (Picked(queue, e)) picked.Add((e.CreatedAt, e.Id));
            }, ct);
        else
        {
            // The fill after an upgrade is still running: the rollup's rows, whole.
            var read = await rollup.ConversationsAsync(s, f, Narrow(f), null, ct);
            foreach (var r in read) byId[r.Id] = r;
            picked.AddRange(read.Where(r => Picked(r.QueueId, HourEntry.Of(r))).Select(r => (r.CreatedAt, r.Id)));
        }
        picked.AddRange(live.Where(r => Picked(r.QueueId, HourEntry.Of(r))).Select(r => (r.CreatedAt, r.Id)));
        picked.Sort();
        var shown = whole ? picked : picked.Take(ListLimit).ToList();
        var missing = shown.Where(e => !byId.ContainsKey(e.Id)).Select(e => e.Id).ToArray();
        if (missing.Length > 0)
            foreach (var r in await rollup.ConversationsAsync(s, f, whole ? Narrow(f) : "", whole ? null : missing, ct)) byId[r.Id] = r;
        var rows = shown.Where(e => byId.ContainsKey(e.Id)).Select(e => Row(f, byId[e.Id])).ToList();
        return (new ReportConversationsDto(f.Scope(), picked.Count, ListLimit, rows.Take(ListLimit).ToList(), PlaybackLinks.For(f)), rows);
    }

    /// <summary>What the rollup's rows can be cut to in SQL before each is checked here: the measure, and a reason or code picked.</summary>
    private static string Narrow(ReportFilter f) =>
        f.Measure switch
        {
            ReportMeasure.Answered or ReportMeasure.AnsweredInTime or ReportMeasure.AnsweredLate => " AND r.answered = 1",
            ReportMeasure.Abandoned => " AND r.abandoned = 1",
            ReportMeasure.Transferred => " AND r.transferred = 1",
            _ => "",
        }
        + (f.ReasonId is null ? "" : $" AND EXISTS (SELECT 1 FROM report_conversation_wrapups w2 WHERE w2.conversation_id = r.conversation_id " +
            $"AND w2.kind = '{RollupWrapUp.Reason}' AND w2.item_id = @ReasonId)")
        + (f.CodeId is null ? "" : $" AND EXISTS (SELECT 1 FROM report_conversation_wrapups w3 WHERE w3.conversation_id = r.conversation_id " +
            $"AND w3.kind = '{RollupWrapUp.Code}' AND w3.item_id = @CodeId)");

    /// <summary>The bucket of each quarter-hour slot, computed once per slot: a year has 35,040 of them, not a million arrivals.</summary>
    private static Func<long, string> SlotBuckets(ReportFilter f)
    {
        var cache = new Dictionary<long, string>();
        return slot => cache.TryGetValue(slot, out var key) ? key : cache[slot] = f.BucketOf(Math.Max(slot * RollupFacts.SlotMs, f.From));
    }

    private static VolumeBucketDto Volume(string key, long start, IEnumerable<SlotCounts> slots)
    {
        var list = slots as IReadOnlyCollection<SlotCounts> ?? slots.ToList();
        return new VolumeBucketDto(key, start, (int)list.Sum(s => s.Received), (int)list.Sum(s => s.Answered), (int)list.Sum(s => s.Abandoned),
            (int)list.Sum(s => s.Transferred));
    }

    private static SpeedBucketDto Speed(string key, long start, IEnumerable<RollupDurations> rows)
    {
        var list = rows as IReadOnlyCollection<RollupDurations> ?? rows.ToList();
        return new SpeedBucketDto(key, start, Durations.Of(list.Select(r => r.WaitMs)), Durations.Of(list.Select(r => r.FirstResponseMs)),
            Durations.Of(list.Select(r => r.HandleMs)), Durations.Of(list.Select(r => r.PostProcessingMs)));
    }

    private static List<WrapUpCountDto> Shares(IEnumerable<(long Id, string Name, long Count)> picks)
    {
        var counted = picks.GroupBy(p => p.Id).Select(g => (g.Key, g.First().Name, Count: (int)g.Sum(p => p.Count))).ToList();
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
        var list = new List<long>();
        double sum = 0; // whole milliseconds: every partial sum is exact, in any order
        foreach (var v in values)
            if (v is { } ms)
            {
                list.Add(ms);
                sum += ms;
            }
        if (list.Count == 0) return new DurationStatDto(0, null, null);
        // The rank is found in place, not by sorting: a year's total has a million values per measure.
        var rank = Math.Max(0, (int)Math.Ceiling(0.9 * list.Count) - 1);
        return new DurationStatDto(list.Count, (long)Math.Round(sum / list.Count), Select(CollectionsMarshal.AsSpan(list), rank));
    }

    /// <summary>The value that would be at <paramref name="k"/> were <paramref name="a"/> sorted (Hoare's selection; reorders it).</summary>
    public static long Select(Span<long> a, int k)
    {
        var (lo, hi) = (0, a.Length - 1);
        while (lo < hi)
        {
            var (x, y, z) = (a[lo], a[lo + (hi - lo) / 2], a[hi]);
            var pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z)); // the median of three
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i > j) break;
                (a[i], a[j]) = (a[j], a[i]);
                (i, j) = (i + 1, j - 1);
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    /// <summary>Nearest rank: the smallest value with at least that share of the values at or below it.</summary>
    public static long Percentile(IReadOnlyList<long> sorted, double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
