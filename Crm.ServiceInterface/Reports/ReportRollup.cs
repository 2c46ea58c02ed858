using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Reports;

/// <summary>
/// Writes the reports' rollup: a settled conversation's facts, read live once by the same queries the reports use for the rest, stored
/// in the transaction that settles it (its close, or the end of the last post processing its agents were in). Writing one again
/// replaces it, so every path may call it and the rebuild is idempotent.
/// </summary>
public static class ReportRollup
{
    /// <summary>The hook for a conversation that just closed: rolled up now unless one of its agents is still in post processing.</summary>
    internal static Task ConversationClosedAsync(RoutingTx change, long conversationId) =>
        SettleAsync(change.Connection, change.Tx, change.Now, [conversationId]);

    /// <summary>The hook for an agent leaving post processing that started at <paramref name="since"/>: the closed chats whose part ended in it.</summary>
    internal static async Task PostProcessingEndedAsync(RoutingTx change, long agentId, long since)
    {
        var ids = await change.Connection.QueryAsync<long>($"""
            SELECT DISTINCT p.conversation_id FROM participations p JOIN conversations v ON v.id = p.conversation_id
            WHERE p.agent_id = @agentId AND p.ended_at >= @since AND v.state = {StateSql.Of(ConversationState.Closed)}
            """, new { agentId, since }, change.Tx);
        await SettleAsync(change.Connection, change.Tx, change.Now, ids.AsList());
    }

    /// <summary>Rolls up those of <paramref name="ids"/> that are settled; returns how many rows it wrote.</summary>
    public static Task<int> SettleAsync(DbConnection c, DbTransaction tx, long now, IReadOnlyList<long> ids) =>
        ids.Count == 0 ? Task.FromResult(0) : SettleWhereAsync(c, tx, now, $"v.id {SqlDialect.Of(c).InList("@ids")}", new { ids = ids.ToArray() });

    /// <summary>Rolls up the settled ones of the conversations <paramref name="where"/> picks (on <c>v</c>): rows, wrap-ups, parts and hours.</summary>
    internal static async Task<int> SettleWhereAsync(DbConnection c, DbTransaction tx, long now, string where, object args)
    {
        var settled = (await ReportFacts.ReadAsync(c, tx, where, args, FactParts.All)).Where(f => f.Settled).ToList();
        if (settled.Count == 0) return 0;
        var ids = settled.Select(f => f.Id).ToHashSet();
        // A range, not a list of ids: a rebuild's batch is thousands of consecutive ids.
        var previous = (await c.QueryAsync<ReportHours.Previous>("""
            SELECT conversation_id AS ConversationId, created_at AS CreatedAt, queue_id AS QueueId, channel AS Channel
            FROM report_conversations WHERE conversation_id >= @low AND conversation_id <= @high
            """, new { low = ids.Min(), high = ids.Max() }, tx)).Where(p => ids.Contains(p.ConversationId)).ToList();
        foreach (var old in previous)
            await c.ExecuteAsync("""
                DELETE FROM report_conversation_agents WHERE conversation_id = @ConversationId;
                DELETE FROM report_conversation_wrapups WHERE conversation_id = @ConversationId;
                DELETE FROM report_conversations WHERE conversation_id = @ConversationId;
                """, new { old.ConversationId }, tx);
        await c.ExecuteAsync("""
            INSERT INTO report_conversations (conversation_id, created_at, queue_id, channel, ended_at, closed_at, answered_at, first_response_at,
                transfers, answered, abandoned, transferred, wrapped_up, wait_ms, first_response_ms, handle_ms, post_processing_ms, settled_at, in_hours)
            VALUES (@Id, @CreatedAt, @QueueId, @Channel, @EndedAt, @ClosedAt, @AnsweredAt, @FirstResponseAt,
                @Transfers, @answered, @abandoned, @transferred, @wrappedUp, @WaitMs, @FirstResponseMs, @HandleMs, @PostProcessingMs, @now, 1)
            """, settled.Select(f => new
        {
            f.Id, f.CreatedAt, f.QueueId, f.Channel, f.EndedAt, f.ClosedAt, f.AnsweredAt, f.FirstResponseAt, f.Transfers,
            answered = f.Answered ? 1 : 0, abandoned = f.Abandoned ? 1 : 0, transferred = f.Transferred ? 1 : 0, wrappedUp = f.Reasons.Count > 0 ? 1 : 0,
            f.WaitMs, f.FirstResponseMs, f.HandleMs, f.PostProcessingMs, now,
        }), tx);
        await c.ExecuteAsync("""
            INSERT INTO report_conversation_agents (conversation_id, agent_id, kind, accepted_at, ended_at, post_processing_end)
            VALUES (@ConversationId, @AgentId, @Kind, @AcceptedAt, @EndedAt, @PostProcessingEnd)
            """, settled.SelectMany(f => f.Parts), tx);
        await c.ExecuteAsync("INSERT INTO report_conversation_wrapups (conversation_id, kind, item_id) VALUES (@Id, @kind, @itemId)",
            settled.SelectMany(f => f.Reasons.Select(r => new { f.Id, kind = RollupWrapUp.Reason, itemId = r.Id })
                .Concat(f.Codes.Select(x => new { f.Id, kind = RollupWrapUp.Code, itemId = x.Id }))), tx);
        var ended = settled.SelectMany(f => f.Parts.Where(p => p.EndedAt is not null).Select(p => (Part: p.EndedAt!.Value - p.AcceptedAt,
            Span: p.EndedAt!.Value - f.CreatedAt))).ToList();
        if (ended.Count > 0)
            await c.ExecuteAsync("""
                UPDATE report_rollup_bounds SET longest_part_ms = CASE WHEN longest_part_ms < @part THEN @part ELSE longest_part_ms END,
                    longest_span_ms = CASE WHEN longest_span_ms < @span THEN @span ELSE longest_span_ms END WHERE id = 1
                """, new { part = ended.Max(e => e.Part), span = ended.Max(e => e.Span) }, tx);
        await ReportHours.WriteAsync(c, tx, settled, previous);
        return settled.Count;
    }
}

/// <summary>The kinds of wrap-up item the rollup keeps per conversation.</summary>
public static class RollupWrapUp
{
    public const string Reason = "reason", Code = "code";
}

/// <summary>
/// Fills the rollup for settled conversations that lack a row or its hour entry (a database from before either, a crash between versions), a batch of
/// conversations per transaction; run at start-up and by <c>Crm.Web --rebuild-report-rollup</c>. Running it again writes nothing new.
/// </summary>
public sealed class ReportRollupRebuild(CrmDb db, TimeProvider time, ILogger<ReportRollupRebuild> log)
{
    private const int Batch = 5000;

    /// <summary>Closed, and without a row in report_hours (no rollup row, or one from before report_hours).</summary>
    private static readonly string Pending = $"""
        v.state = {StateSql.Of(ConversationState.Closed)}
        AND NOT EXISTS (SELECT 1 FROM report_conversations r WHERE r.conversation_id = v.id AND r.in_hours = 1)
        """;

    public async Task<int> RebuildAsync(CancellationToken ct = default)
    {
        var (written, after) = (0, 0L);
        while (true)
        {
            // Each batch is a range of ids read set-based (a list of thousands of ids costs more to bind than to read).
            long? high;
            await using (var c = await db.OpenAsync(ct))
                high = await c.ExecuteScalarAsync<long?>($"SELECT MAX(id) FROM (SELECT v.id FROM conversations v WHERE v.id > @after AND {Pending} " +
                    $"ORDER BY v.id LIMIT {Batch}) b", new { after });
            if (high is not { } last) break;
            written += await db.InTransactionAsync((w, tx) => ReportRollup.SettleWhereAsync(w, tx, time.NowMs(),
                $"v.id > @after AND v.id <= @last AND {Pending}", new { after, last }), ct);
            after = last;
        }
        if (written > 0) log.LogInformation("Report rollup: {Count} settled conversations rolled up", written);
        return written;
    }
}
