using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Reports;

/// <summary>One conversation as the reports count it, read from stored history (conversations, participations, messages, state history).</summary>
public sealed class ConversationFact
{
    public long Id { get; set; }
    public long CreatedAt { get; set; }
    public string Channel { get; set; } = "";
    public long QueueId { get; set; }
    public string Queue { get; set; } = "";
    public int ThresholdSeconds { get; set; }
    public string State { get; set; } = "";
    public long? EndedAt { get; set; }
    public long? ClosedAt { get; set; }
    public string? Customer { get; set; }
    /// <summary>The first accept by any agent (route or transfer; a conference guest joins an answered chat).</summary>
    public long? AnsweredAt { get; set; }
    /// <summary>The first agent message at or after that accept: a chat returned to the queue keeps its real first response.</summary>
    public long? FirstResponseAt { get; set; }
    public int Transfers { get; set; }
    public List<PartFact> Parts { get; } = [];
    public List<(long Id, string Name)> Reasons { get; } = [];
    public List<(long Id, string Name)> Codes { get; } = [];

    public bool Answered => AnsweredAt is not null;
    /// <summary>Closed before any agent accepted; a post answered automatically (closed as it arrived) never waited, so it is not abandoned.</summary>
    public bool Abandoned => AnsweredAt is null && State == ConversationState.Closed && ClosedAt > CreatedAt;
    public bool Transferred => Transfers > 0;
    public long? WaitMs => AnsweredAt - CreatedAt;
    public long? FirstResponseMs => FirstResponseAt - AnsweredAt;
    public long? HandleMs => EndedAt is { } end && AnsweredAt is { } start ? end - start : null;

    /// <summary>Each handling agent's post processing after their part, summed; null until one has finished.</summary>
    public long? PostProcessingMs
    {
        get
        {
            var done = Parts.Where(p => p.PostProcessingEnd is not null && p.EndedAt is not null).ToList();
            return done.Count == 0 ? null : done.Sum(p => p.PostProcessingEnd!.Value - p.EndedAt!.Value);
        }
    }

    public bool AnsweredInTime => AnsweredAt - CreatedAt <= ThresholdSeconds * 1000L;

    /// <summary>Closed, and no agent still in the post processing their part ended in: nothing of it changes any more.</summary>
    public bool Settled => State == ConversationState.Closed && Parts.All(p => p.PostProcessingOpen != 1);
}

/// <summary>An agent's accepted part in a conversation.</summary>
public sealed class PartFact
{
    public long ConversationId { get; set; }
    public long AgentId { get; set; }
    public string AgentName { get; set; } = "";
    public string Kind { get; set; } = "";
    public long AcceptedAt { get; set; }
    public long? EndedAt { get; set; }
    /// <summary>The end of the post-processing stretch the agent was in when their part ended (shared by chats ending in it).</summary>
    public long? PostProcessingEnd { get; set; }
    /// <summary>1 while that post processing lasts (the conversation is not settled yet).</summary>
    public long? PostProcessingOpen { get; set; }
}

/// <summary>What a report reads besides the conversations: each agent's part (post processing), the wrap-ups.</summary>
[Flags]
public enum FactParts { None = 0, Parts = 1, WrapUps = 2, All = Parts | WrapUps }


/// <summary>
/// Reads the facts of conversations from their stored history (portable to both dialects): the reports' live half (the window's
/// conversations not settled yet) and what the rollup stores when one settles. Filters are applied in SQL.
/// </summary>
public sealed class ReportFacts
{
    /// <summary>The window's conversations a report still reads live: not closed yet, or closed while one of their agents is in post processing.</summary>
    internal static readonly string Unsettled = UnsettledSql(" AND u.created_at >= @From AND u.created_at < @To");

    /// <summary>Every conversation not settled yet, whenever it arrived (the agents report's chats held in the window).</summary>
    internal static readonly string UnsettledAnyTime = UnsettledSql("");

    private static string UnsettledSql(string window) => $"""
        v.id IN (SELECT u.id FROM conversations u WHERE u.state <> {StateSql.Of(ConversationState.Closed)}{window}
                 UNION SELECT p.conversation_id FROM agent_states s JOIN participations p ON p.agent_id = s.user_id AND p.ended_at >= s.since
                 WHERE s.state = {StateSql.Of(AgentState.PostProcessing)})
        AND NOT EXISTS (SELECT 1 FROM report_conversations r WHERE r.conversation_id = v.id)
        """;

    /// <summary>The window's conversations that are not in the rollup yet, read live.</summary>
    public Task<List<ConversationFact>> ConversationsAsync(ReportSnapshot s, ReportFilter f, FactParts read = FactParts.All) =>
        ReadAsync(s.Connection, s.Tx, Where(f) + " AND " + Unsettled, Args(f), read);

    /// <summary>The facts of the conversations <paramref name="where"/> picks (on <c>v</c>), with their parts and wrap-ups as asked.</summary>
    internal static async Task<List<ConversationFact>> ReadAsync(DbConnection c, DbTransaction tx, string where, object args, FactParts read)
    {
        var facts = (await c.QueryAsync<ConversationFact>($"""
            SELECT v.id, v.created_at AS CreatedAt, v.channel, v.queue_id AS QueueId, q.name AS Queue, q.service_level_seconds AS ThresholdSeconds,
                   v.state, v.ended_at AS EndedAt, v.closed_at AS ClosedAt, cu.name AS Customer,
                   (SELECT MIN(p.accepted_at) FROM participations p WHERE p.conversation_id = v.id AND p.kind <> 'conference') AS AnsweredAt,
                   (SELECT MIN(m.sent_at) FROM messages m WHERE m.conversation_id = v.id AND m.author_kind = 'agent'
                       AND m.sent_at >= (SELECT MIN(p.accepted_at) FROM participations p WHERE p.conversation_id = v.id AND p.kind <> 'conference'))
                       AS FirstResponseAt,
                   (SELECT COUNT(*) FROM participations p WHERE p.conversation_id = v.id AND p.kind = 'transfer') AS Transfers
            FROM conversations v JOIN queues q ON q.id = v.queue_id LEFT JOIN customers cu ON cu.id = v.customer_id
            WHERE {where} ORDER BY v.created_at, v.id
            """, args, tx)).AsList();
        var byId = facts.ToDictionary(x => x.Id);
        if (read.HasFlag(FactParts.Parts))
            foreach (var part in await c.QueryAsync<PartFact>($"""
            SELECT p.conversation_id AS ConversationId, p.agent_id AS AgentId, u.display_name AS AgentName, p.kind, p.accepted_at AS AcceptedAt,
                   p.ended_at AS EndedAt,
                   (SELECT CASE WHEN h.state = {StateSql.Of(AgentState.PostProcessing)} THEN h.ended_at END FROM agent_state_history h
                       WHERE h.user_id = p.agent_id AND h.started_at <= p.ended_at ORDER BY h.started_at DESC, h.id DESC LIMIT 1) AS PostProcessingEnd,
                   (SELECT CASE WHEN h.state = {StateSql.Of(AgentState.PostProcessing)} AND h.ended_at IS NULL THEN 1 ELSE 0 END FROM agent_state_history h
                       WHERE h.user_id = p.agent_id AND h.started_at <= p.ended_at ORDER BY h.started_at DESC, h.id DESC LIMIT 1) AS PostProcessingOpen
            FROM participations p JOIN conversations v ON v.id = p.conversation_id JOIN users u ON u.id = p.agent_id
            WHERE p.accepted_at IS NOT NULL AND {where} ORDER BY p.accepted_at, p.id
            """, args, tx))
                if (byId.TryGetValue(part.ConversationId, out var fact)) fact.Parts.Add(part);
        if (read.HasFlag(FactParts.WrapUps)) await WrapUpsAsync(c, tx, where, args, byId);
        return facts;
    }

    /// <summary>Each agent's accepted part in the window's conversations not in the rollup: what the agents report counts as handled.</summary>
    public async Task<List<PartFact>> PartsAsync(ReportSnapshot s, ReportFilter f) =>
        (await s.Connection.QueryAsync<PartFact>($"""
            SELECT p.conversation_id AS ConversationId, p.agent_id AS AgentId, p.kind, p.accepted_at AS AcceptedAt, p.ended_at AS EndedAt
            FROM conversations v CROSS JOIN participations p
            WHERE p.conversation_id = v.id AND p.accepted_at IS NOT NULL AND {Where(f)} AND {Unsettled}
            """, Args(f), s.Tx)).AsList();

    private static async Task WrapUpsAsync(DbConnection c, DbTransaction tx, string where, object args, Dictionary<long, ConversationFact> byId)
    {
        // Driven from the window's conversations (CROSS JOIN keeps SQLite from scanning every wrap-up ever given).
        foreach (var (conversationId, id, name) in await c.QueryAsync<(long, long, string)>($"""
            SELECT DISTINCT p.conversation_id, r.id, r.name
            FROM conversations v CROSS JOIN participations p CROSS JOIN participation_wrapup_reasons w JOIN wrapup_reasons r ON r.id = w.reason_id
            WHERE p.conversation_id = v.id AND w.participation_id = p.id AND {where}
            """, args, tx))
            if (byId.TryGetValue(conversationId, out var fact)) fact.Reasons.Add((id, name));
        foreach (var (conversationId, id, name) in await c.QueryAsync<(long, long, string)>($"""
            SELECT DISTINCT p.conversation_id, t.id, t.code
            FROM conversations v CROSS JOIN participations p CROSS JOIN participation_transaction_codes w JOIN transaction_codes t ON t.id = w.code_id
            WHERE p.conversation_id = v.id AND w.participation_id = p.id AND {where}
            """, args, tx))
            if (byId.TryGetValue(conversationId, out var fact)) fact.Codes.Add((id, name));
        foreach (var fact in byId.Values)
        {
            fact.Reasons.Sort((a, b) => a.Id.CompareTo(b.Id));
            fact.Codes.Sort((a, b) => a.Id.CompareTo(b.Id));
        }
    }

    /// <summary>The window on arrival time, then the filters; an agent filter keeps the conversations that agent accepted.</summary>
    private static string Where(ReportFilter f) =>
        "v.created_at >= @From AND v.created_at < @To"
        + (f.QueueId is null ? "" : " AND v.queue_id = @QueueId")
        + (f.Channel is null ? "" : " AND v.channel = @Channel")
        + (f.AgentId is null ? ""
            : " AND EXISTS (SELECT 1 FROM participations a WHERE a.conversation_id = v.id AND a.agent_id = @AgentId AND a.accepted_at IS NOT NULL)");

    internal static object Args(ReportFilter f) => new { f.From, f.To, f.QueueId, f.Channel, f.AgentId, f.ReasonId, f.CodeId };
}

/// <summary>
/// One report's read: a connection and a repeatable-read transaction, so the live half and the rollup half see the same moment
/// (a conversation settling meanwhile counts once, not twice or never).
/// </summary>
public sealed class ReportSnapshot : IAsyncDisposable
{
    private ReportSnapshot(DbConnection connection, DbTransaction tx) => (Connection, Tx) = (connection, tx);

    public DbConnection Connection { get; }
    public DbTransaction Tx { get; }

    public static async Task<ReportSnapshot> OpenAsync(CrmDb db, CancellationToken ct)
    {
        var c = await db.OpenAsync(ct);
        return new ReportSnapshot(c, await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct));
    }

    public async ValueTask DisposeAsync()
    {
        await Tx.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
