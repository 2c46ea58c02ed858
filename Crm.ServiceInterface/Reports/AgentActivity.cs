using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Reports;

/// <summary>The agents report (stored state intervals and accepted chats, clipped to the window) and the queues a report lists.</summary>
public sealed class AgentActivity(CrmDb db, ReportFacts facts, RollupFacts rollup, TimeProvider time)
{
    public async Task<AgentsReportDto> AgentsAsync(ReportFilter f, CancellationToken ct)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, ct);
        var handled = await facts.PartsAsync(s, f);
        var end = Math.Min(f.To, time.NowMs()); // a stretch still open counts up to now
        var (c, tx) = (s.Connection, s.Tx);
        var agents = (await c.QueryAsync<(long Id, string Name)>($"""
            SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent'
            WHERE 1 = 1{(f.AgentId is null ? "" : " AND u.id = @AgentId")}
            {(f.QueueId is null ? "" : " AND EXISTS (SELECT 1 FROM queue_members m WHERE m.user_id = u.id AND m.queue_id = @QueueId)")}
            ORDER BY u.display_name, u.id
            """, new { f.AgentId, f.QueueId }, tx)).AsList();
        // Stretches are contiguous: the one each agent was in at the window's start, then those starting inside it; each clipped to the
        // window and summed in SQL (a year is a quarter of a million stretches).
        var states = (await c.QueryAsync<(long UserId, string State, long Ms)>("""
            SELECT user_id, state, CAST(SUM(CASE WHEN e > b THEN e - b ELSE 0 END) AS BIGINT) FROM (
                SELECT user_id, state, CASE WHEN started_at > @From THEN started_at ELSE @From END AS b,
                       CASE WHEN ended_at IS NULL OR ended_at > @end THEN @end ELSE ended_at END AS e
                FROM (SELECT user_id, state, started_at, ended_at FROM agent_state_history WHERE started_at >= @From AND started_at < @To
                      UNION ALL
                      SELECT h.user_id, h.state, h.started_at, h.ended_at FROM agent_state_history h
                      WHERE h.id IN (SELECT (SELECT p.id FROM agent_state_history p WHERE p.user_id = u.id AND p.started_at < @From
                                             ORDER BY p.started_at DESC, p.id DESC LIMIT 1) FROM users u)
                      AND (h.ended_at IS NULL OR h.ended_at > @From)) x) y
            GROUP BY user_id, state
            """, new { f.From, f.To, end }, tx)).ToLookup(s => s.UserId);
        // Settled chats from the rollup (report_hours from the longest arrival-to-end before the window); the rest live, wherever they arrived.
        var bounds = await c.QuerySingleAsync<(long Part, long Span)>("SELECT longest_part_ms, longest_span_ms FROM report_rollup_bounds WHERE id = 1",
            transaction: tx);
        var fromHours = await ReportHours.CompleteAsync(s);
        var live = await c.QueryAsync<(long AgentId, long AcceptedAt, long? EndedAt)>($"""
            SELECT p.agent_id, p.accepted_at, p.ended_at FROM conversations v CROSS JOIN participations p
            WHERE p.conversation_id = v.id AND p.accepted_at IS NOT NULL AND p.accepted_at < @To AND (p.ended_at IS NULL OR p.ended_at > @From)
            AND {ReportFacts.UnsettledAnyTime}
            {(fromHours ? "" : """
                UNION ALL SELECT a.agent_id, a.accepted_at, a.ended_at FROM report_conversation_agents a
                WHERE a.accepted_at >= @since AND a.accepted_at < @To AND a.ended_at > @From
                """)}
            """, new { f.From, f.To, since = f.From - bounds.Part }, tx);
        // Each agent's held intervals in a list of their own: a year is a million parts, so no lookup or LINQ sort is built over them.
        var held = new Dictionary<long, List<(long Start, long Stop)>>();
        void Hold(long agentId, long start, long stop)
        {
            if (!held.TryGetValue(agentId, out var list)) held[agentId] = list = [];
            list.Add((start, stop));
        }
        foreach (var h in live) Hold(h.AgentId, h.AcceptedAt, h.EndedAt ?? end);
        Dictionary<long, HandledCounts> settled;
        if (fromHours)
        {
            // One pass: every part held across the window (any queue), and the parts of the window's conversations (its filters).
            var counts = new Tally<long>(3);
            await ReportHours.ReadAsync(s, (f.From - bounds.Span) / HourEntry.HourMs, (f.To - 1) / HourEntry.HourMs, null, null, (queue, channel, e) =>
            {
                var mine = ReportHours.Matches(f, queue, channel, e);
                foreach (var p in e.Parts)
                {
                    if (p.AcceptedAt < f.To && p.EndedAt is { } stop && stop > f.From) Hold(p.AgentId, p.AcceptedAt, stop);
                    if (!mine) continue;
                    var n = counts[p.AgentId];
                    n[0]++;
                    if (p.EndedAt is { } ended) (n[1], n[2]) = (n[1] + 1, n[2] + ended - p.AcceptedAt);
                }
            }, ct);
            settled = counts.All.ToDictionary(x => x.Key, x => new HandledCounts(x.Key, x.Value[0], x.Value[1], x.Value[2]));
        }
        else settled = (await rollup.HandledAsync(s, f, ct)).ToDictionary(h => h.AgentId);
        var parts = handled.ToLookup(p => p.AgentId);

        var rows = agents.Select(a =>
        {
            var stateMs = AgentState.All.ToDictionary(s => s, _ => 0L);
            foreach (var s in states[a.Id]) stateMs[s.State] = stateMs.GetValueOrDefault(s.State) + s.Ms;
            var signedIn = stateMs.Where(s => s.Key != AgentState.Offline).Sum(s => s.Value);
            var holding = held.TryGetValue(a.Id, out var intervals) ? UnionMs(intervals, f.From, end) : 0;
            var mine = parts[a.Id].ToList();
            var handles = mine.Where(p => p.EndedAt is not null).Select(p => p.EndedAt!.Value - p.AcceptedAt).ToList();
            var old = settled.GetValueOrDefault(a.Id) ?? new HandledCounts(a.Id, 0, 0, 0);
            var ended = handles.Count + old.Ended;
            var average = ended == 0 ? (long?)null : (long)Math.Round((double)(handles.Sum() + old.HandleMs) / ended);
            return new AgentReportRowDto(a.Id, a.Name, mine.Count + (int)old.Handled, average,
                stateMs, signedIn, holding, signedIn == 0 ? null : Math.Round((double)holding / signedIn, 4));
        }).ToList();
        return new AgentsReportDto(f.Scope(), AgentState.All, rows);
    }

    /// <summary>The queues a report lists: every enabled one, and any retired one that received a chat in the window.</summary>
    public async Task<List<(long Id, string Name, int ThresholdSeconds)>> QueuesAsync(ReportFilter f, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long, string, int)>($"""
            SELECT q.id, q.name, q.service_level_seconds FROM queues q
            WHERE (q.enabled = 1 OR EXISTS (SELECT 1 FROM conversations v WHERE v.queue_id = q.id AND v.created_at >= @From AND v.created_at < @To))
            {(f.QueueId is null ? "" : " AND q.id = @QueueId")}
            ORDER BY q.name
            """, new { f.From, f.To, f.QueueId })).AsList();
    }

    /// <summary>Time covered by any of the intervals (two chats at once count once), inside [from, to); sorts them in place.</summary>
    internal static long UnionMs(List<(long Start, long Stop)> intervals, long from, long to)
    {
        long total = 0, reach = long.MinValue;
        intervals.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        foreach (var (first, last) in intervals)
        {
            var (start, stop) = (Math.Max(first, from), Math.Min(last, to));
            if (stop <= start) continue;
            var begin = Math.Max(start, reach);
            if (stop > begin) total += stop - begin;
            reach = Math.Max(reach, stop);
        }
        return total;
    }
}
