using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Reports;

/// <summary>Counts of one quarter hour's arrivals (every zone's day and hour starts on a quarter hour, so slots add up to any bucket).</summary>
public sealed record SlotCounts(long Slot, long Received, long Answered, long Abandoned, long Transferred)
{
    public SlotCounts() : this(0, 0, 0, 0, 0) { } // for Dapper: an empty result has no column types to match a constructor
}

/// <summary>Service-level inputs of one queue's settled arrivals.</summary>
public sealed record QueueCounts(long QueueId, long Received, long Answered, long AnsweredInTime, long Abandoned)
{
    public QueueCounts() : this(0, 0, 0, 0, 0) { } // for Dapper: an empty result has no column types to match a constructor
}

/// <summary>An agent's settled parts: how many, how many ended, and their handle time summed.</summary>
public sealed record HandledCounts(long AgentId, long Handled, long Ended, long HandleMs)
{
    public HandledCounts() : this(0, 0, 0, 0) { } // for Dapper: an empty result has no column types to match a constructor
}

/// <summary>One settled conversation's arrival and its four durations, as the speed report needs them.</summary>
public readonly record struct RollupDurations(long CreatedAt, long? WaitMs, long? FirstResponseMs, long? HandleMs, long? PostProcessingMs);

/// <summary>
/// Reads the rollup of settled conversations for a filter: from report_hours' packed entries, decoded and counted here; while the fill
/// after an upgrade runs, from report_conversations' rows (aggregated in SQL where a report only counts).
/// </summary>
public sealed class RollupFacts
{
    public const long SlotMs = 900_000;

    public async Task<List<SlotCounts>> VolumeAsync(ReportSnapshot s, ReportFilter f, CancellationToken ct)
    {
        if (await ReportHours.CompleteAsync(s))
        {
            var slots = new Tally<long>(4);
            await ReportHours.WindowAsync(s, f, (_, e) => Count(slots[e.CreatedAt / SlotMs], true, e.Answered, e.Abandoned, e.Transferred), ct);
            return slots.All.Select(x => new SlotCounts(x.Key, x.Value[0], x.Value[1], x.Value[2], x.Value[3])).ToList();
        }
        var (c, tx) = (s.Connection, s.Tx);
        return (await c.QueryAsync<SlotCounts>($"""
            SELECT r.created_at / {SlotMs} AS Slot, COUNT(*) AS Received, CAST(SUM(r.answered) AS BIGINT) AS Answered,
                   CAST(SUM(r.abandoned) AS BIGINT) AS Abandoned, CAST(SUM(r.transferred) AS BIGINT) AS Transferred
            FROM report_conversations r WHERE {Where(f)} GROUP BY r.created_at / {SlotMs}
            """, ReportFacts.Args(f), tx)).AsList();
    }

    public async Task<List<QueueCounts>> ServiceLevelAsync(ReportSnapshot s, ReportFilter f, CancellationToken ct)
    {
        if (await ReportHours.CompleteAsync(s))
        {
            var thresholds = await ThresholdsAsync(s);
            var queues = new Tally<long>(4);
            await ReportHours.WindowAsync(s, f, (queue, e) =>
            {
                if (thresholds.TryGetValue(queue, out var seconds)) Count(queues[queue], true, e.Answered, e.AnsweredWithin(seconds), e.Abandoned);
            }, ct);
            return queues.All.Select(x => new QueueCounts(x.Key, x.Value[0], x.Value[1], x.Value[2], x.Value[3])).ToList();
        }
        var (c, tx) = (s.Connection, s.Tx);
        return (await c.QueryAsync<QueueCounts>($"""
            SELECT r.queue_id AS QueueId, COUNT(*) AS Received, CAST(SUM(r.answered) AS BIGINT) AS Answered,
                   CAST(SUM(CASE WHEN r.answered = 1 AND r.wait_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS AnsweredInTime,
                   CAST(SUM(r.abandoned) AS BIGINT) AS Abandoned
            FROM report_conversations r JOIN queues q ON q.id = r.queue_id WHERE {Where(f)} GROUP BY r.queue_id
            """, ReportFacts.Args(f), tx)).AsList();
    }

    /// <summary>How many settled conversations were given a reason, and each reason's and code's conversations (with its current name).</summary>
    public async Task<(long WrappedUp, List<(string Kind, long Id, string Name, long Count)> Items)> WrapUpAsync(ReportSnapshot s, ReportFilter f,
        CancellationToken ct)
    {
        if (await ReportHours.CompleteAsync(s))
        {
            var names = await NamesAsync(s);
            var (picks, given) = (new Tally<(string Kind, long Id)>(1), 0L);
            await ReportHours.WindowAsync(s, f, (_, e) =>
            {
                if (e.WrappedUp) given++;
                foreach (var id in e.Reasons) picks[(RollupWrapUp.Reason, id)][0]++;
                foreach (var id in e.Codes) picks[(RollupWrapUp.Code, id)][0]++;
            }, ct);
            return (given, picks.All.Select(x => (x.Key.Kind, x.Key.Id, names.GetValueOrDefault(x.Key) ?? "", x.Value[0])).ToList());
        }
        var (c, tx) = (s.Connection, s.Tx);
        var wrapped = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM report_conversations r WHERE r.wrapped_up = 1 AND {Where(f)}",
            ReportFacts.Args(f), tx);
        var items = (await c.QueryAsync<(string, long, string, long)>($"""
            SELECT w.kind, w.item_id, COALESCE(rr.name, tc.code, ''), COUNT(*)
            FROM report_conversations r CROSS JOIN report_conversation_wrapups w
            LEFT JOIN wrapup_reasons rr ON w.kind = '{RollupWrapUp.Reason}' AND rr.id = w.item_id
            LEFT JOIN transaction_codes tc ON w.kind = '{RollupWrapUp.Code}' AND tc.id = w.item_id
            WHERE w.conversation_id = r.conversation_id AND {Where(f)}
            GROUP BY w.kind, w.item_id, rr.name, tc.code
            """, ReportFacts.Args(f), tx)).AsList();
        return (wrapped, items);
    }

    /// <summary>The durations of the window's settled conversations, read from the covering index without materialising objects per column.</summary>
    public async Task<List<RollupDurations>> DurationsAsync(ReportSnapshot s, ReportFilter f, CancellationToken ct)
    {
        if (await ReportHours.CompleteAsync(s))
        {
            var durations = new List<RollupDurations>();
            await ReportHours.WindowAsync(s, f, (_, e) => durations.Add(new(e.CreatedAt, e.WaitMs, e.FirstResponseMs, e.HandleMs, e.PostProcessingMs)), ct);
            return durations;
        }
        var (c, tx) = (s.Connection, s.Tx);
        await using var reader = await c.ExecuteReaderAsync($"""
            SELECT r.created_at, r.wait_ms, r.first_response_ms, r.handle_ms, r.post_processing_ms FROM report_conversations r WHERE {Where(f)}
            """, ReportFacts.Args(f), tx);
        var rows = new List<RollupDurations>();
        long? At(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        while (await reader.ReadAsync(ct)) rows.Add(new(reader.GetInt64(0), At(1), At(2), At(3), At(4)));
        return rows;
    }

    /// <summary>Each agent's settled parts from the rows (the agents report counts them from report_hours once those are complete).</summary>
    public async Task<List<HandledCounts>> HandledAsync(ReportSnapshot s, ReportFilter f, CancellationToken ct)
    {
        var (c, tx) = (s.Connection, s.Tx);
        return (await c.QueryAsync<HandledCounts>($"""
            SELECT a.agent_id AS AgentId, COUNT(*) AS Handled, COUNT(a.ended_at) AS Ended,
                   CAST(COALESCE(SUM(a.ended_at - a.accepted_at), 0) AS BIGINT) AS HandleMs
            FROM report_conversations r CROSS JOIN report_conversation_agents a
            WHERE a.conversation_id = r.conversation_id AND {Where(f)} GROUP BY a.agent_id
            """, ReportFacts.Args(f), tx)).AsList();
    }

    /// <summary>The settled conversations behind a figure, whole; <paramref name="narrow"/> pre-filters in SQL, <paramref name="ids"/> picks them.</summary>
    public async Task<List<ConversationFact>> ConversationsAsync(ReportSnapshot s, ReportFilter f, string narrow, long[]? ids, CancellationToken ct)
    {
        var where = Where(f) + narrow + (ids is null ? "" : $" AND r.conversation_id {SqlDialect.Of(s.Connection).InList("@ids")}");
        var args = new DynamicParameters(ReportFacts.Args(f));
        if (ids is not null) args.Add("ids", ids);
        var (c, tx) = (s.Connection, s.Tx);
        var facts = (await c.QueryAsync<ConversationFact>($"""
            SELECT r.conversation_id AS Id, r.created_at AS CreatedAt, r.channel, r.queue_id AS QueueId, q.name AS Queue,
                   q.service_level_seconds AS ThresholdSeconds, {StateSql.Of(ConversationState.Closed)} AS State,
                   r.ended_at AS EndedAt, r.closed_at AS ClosedAt,
                   cu.name AS Customer, r.answered_at AS AnsweredAt, r.first_response_at AS FirstResponseAt, r.transfers
            FROM report_conversations r JOIN queues q ON q.id = r.queue_id JOIN conversations v ON v.id = r.conversation_id
            LEFT JOIN customers cu ON cu.id = v.customer_id
            WHERE {where} ORDER BY r.created_at, r.conversation_id
            """, args, tx)).AsList();
        var byId = facts.ToDictionary(x => x.Id);
        foreach (var part in await c.QueryAsync<PartFact>($"""
            SELECT a.conversation_id AS ConversationId, a.agent_id AS AgentId, u.display_name AS AgentName, a.kind, a.accepted_at AS AcceptedAt,
                   a.ended_at AS EndedAt, a.post_processing_end AS PostProcessingEnd
            FROM report_conversations r CROSS JOIN report_conversation_agents a JOIN users u ON u.id = a.agent_id
            WHERE a.conversation_id = r.conversation_id AND {where} ORDER BY a.accepted_at, a.id
            """, args, tx))
            if (byId.TryGetValue(part.ConversationId, out var fact)) fact.Parts.Add(part);
        foreach (var (id, kind, itemId, name) in await c.QueryAsync<(long, string, long, string)>($"""
            SELECT w.conversation_id, w.kind, w.item_id, COALESCE(rr.name, tc.code, '')
            FROM report_conversations r CROSS JOIN report_conversation_wrapups w
            LEFT JOIN wrapup_reasons rr ON w.kind = '{RollupWrapUp.Reason}' AND rr.id = w.item_id
            LEFT JOIN transaction_codes tc ON w.kind = '{RollupWrapUp.Code}' AND tc.id = w.item_id
            WHERE w.conversation_id = r.conversation_id AND {where} ORDER BY w.item_id
            """, args, tx))
            if (byId.TryGetValue(id, out var fact)) (kind == RollupWrapUp.Reason ? fact.Reasons : fact.Codes).Add((itemId, name));
        return facts;
    }

    /// <summary>Adds one entry to its four counts: 1 to each whose flag holds.</summary>
    private static void Count(long[] n, bool a, bool b, bool c, bool d) =>
        (n[0], n[1], n[2], n[3]) = (n[0] + (a ? 1 : 0), n[1] + (b ? 1 : 0), n[2] + (c ? 1 : 0), n[3] + (d ? 1 : 0));

    /// <summary>Each queue's service-level threshold in seconds.</summary>
    public static async Task<Dictionary<long, int>> ThresholdsAsync(ReportSnapshot s) =>
        (await s.Connection.QueryAsync<(long Id, int Seconds)>("SELECT id, service_level_seconds FROM queues", transaction: s.Tx))
            .ToDictionary(q => q.Id, q => q.Seconds);

    /// <summary>The current name of every wrap-up reason and transaction code, by kind and id.</summary>
    private static async Task<Dictionary<(string, long), string>> NamesAsync(ReportSnapshot s) =>
        (await s.Connection.QueryAsync<(string Kind, long Id, string Name)>($"""
            SELECT '{RollupWrapUp.Reason}', id, name FROM wrapup_reasons UNION ALL SELECT '{RollupWrapUp.Code}', id, code FROM transaction_codes
            """, transaction: s.Tx)).ToDictionary(n => (n.Kind, n.Id), n => n.Name);

    /// <summary>The window on arrival time, then the filters; an agent filter keeps the conversations that agent accepted.</summary>
    private static string Where(ReportFilter f) =>
        "r.created_at >= @From AND r.created_at < @To"
        + (f.QueueId is null ? "" : " AND r.queue_id = @QueueId")
        + (f.Channel is null ? "" : " AND r.channel = @Channel")
        + (f.AgentId is null ? ""
            : " AND EXISTS (SELECT 1 FROM report_conversation_agents a2 WHERE a2.conversation_id = r.conversation_id AND a2.agent_id = @AgentId)");
}
