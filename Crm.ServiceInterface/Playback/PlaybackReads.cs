using Crm.ServiceInterface.Data;
namespace Crm.ServiceInterface.Playback;

/// <summary>Reads of finished and running conversations for playback: the filtered list, one row, and the page's details.</summary>
internal static class PlaybackReads
{
    private const string Columns = """
        v.id, v.customer_id AS CustomerId, cu.name AS CustomerName, v.channel, v.public AS IsPublic, v.queue_id AS QueueId, q.name AS Queue,
               v.state, v.address, v.source, v.created_at AS CreatedAt, v.ended_at AS EndedAt, v.closed_at AS ClosedAt, v.last_message_at AS LastMessageAt,
               v.started_by AS StartedBy, su.display_name AS StartedByName
        """;

    private const string From = """
        FROM conversations v JOIN queues q ON q.id = v.queue_id LEFT JOIN customers cu ON cu.id = v.customer_id
        LEFT JOIN users su ON su.id = v.started_by_user_id
        """;

    /// <summary>How many conversations past this page's start are counted; beyond it the total is "at least" (a common word matches
    /// tens of thousands, and counting them all cost more than the page itself).</summary>
    public const int CountAhead = 1000;

    public static async Task<Paged<PlaybackRow>> ListAsync(DbConnection c, PlaybackFilter filter, int pageSize)
    {
        var (with, where, parameters) = filter.ToSql(SqlDialect.Of(c));
        var skip = (filter.Page - 1) * pageSize;
        parameters.Add("take", pageSize);
        parameters.Add("skip", skip);
        parameters.Add("cap", skip + CountAhead);
        var count = $"""
            SELECT COUNT(*) FROM (SELECT 1 AS one FROM conversations v LEFT JOIN customers cu ON cu.id = v.customer_id WHERE {where} LIMIT @cap) counted
            """;
        // The page and its count in one statement: a search's matching conversations are found once, not once for each.
        var rows = (await c.QueryAsync<ConversationRow>(
            $"{with} SELECT {Columns}, ({count}) AS Total {From} WHERE {where} ORDER BY v.created_at DESC, v.id DESC LIMIT @take OFFSET @skip",
            parameters)).ToList();
        var total = rows.Count > 0 ? rows[0].Total : skip == 0 ? 0 : await c.ExecuteScalarAsync<long>($"{with} {count}", parameters);
        return new Paged<PlaybackRow>(await ToRowsAsync(c, rows, filter.Q), (int)total, filter.Page, pageSize, TotalIsLowerBound: total == skip + CountAhead);
    }

    /// <summary>Every row of the filter, newest first, in pages of <paramref name="batch"/> (the CSV export streams them).</summary>
    public static async IAsyncEnumerable<PlaybackRow> AllAsync(DbConnection c, PlaybackFilter filter, int batch = 500)
    {
        for (var page = 1; ; page++)
        {
            var list = await ListAsync(c, filter with { Page = page }, batch);
            foreach (var row in list.Items) yield return row;
            if (list.Items.Count < batch) yield break;
        }
    }

    public static async Task<(PlaybackRow Row, ConversationRow Raw)?> OneAsync(DbConnection c, long id)
    {
        var raw = await c.QuerySingleOrDefaultAsync<ConversationRow>($"SELECT {Columns} {From} WHERE v.id = @id", new { id });
        return raw is null ? null : ((await ToRowsAsync(c, [raw], null))[0], raw);
    }

    private static async Task<IReadOnlyList<PlaybackRow>> ToRowsAsync(DbConnection c, IReadOnlyList<ConversationRow> rows, string? q)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var agents = (await c.QueryAsync<(long ConversationId, string Name)>($"""
            SELECT p.conversation_id, u.display_name FROM participations p JOIN users u ON u.id = p.agent_id
            WHERE p.conversation_id {SqlDialect.Of(c).InList("@ids")} AND p.accepted_at IS NOT NULL ORDER BY p.accepted_at, p.id
            """, new { ids })).ToLookup(a => a.ConversationId, a => a.Name);
        var reasons = (await c.QueryAsync<(long ConversationId, string Name)>($"""
            SELECT p.conversation_id, w.name FROM participations p JOIN participation_wrapup_reasons r ON r.participation_id = p.id
            JOIN wrapup_reasons w ON w.id = r.reason_id WHERE p.conversation_id {SqlDialect.Of(c).InList("@ids")} ORDER BY w.position, w.id
            """, new { ids })).ToLookup(a => a.ConversationId, a => a.Name);
        var codes = (await c.QueryAsync<(long ConversationId, string Code)>($"""
            SELECT p.conversation_id, t.code FROM participations p JOIN participation_transaction_codes r ON r.participation_id = p.id
            JOIN transaction_codes t ON t.id = r.code_id WHERE p.conversation_id {SqlDialect.Of(c).InList("@ids")} ORDER BY t.position, t.id
            """, new { ids })).ToLookup(a => a.ConversationId, a => a.Code);
        // Counted and matched here, not in SQL: a page is at most a few thousand short texts, and one rule serves both dialects.
        var messages = (await c.QueryAsync<(long ConversationId, long Id, string Text)>(
            $"""
            SELECT conversation_id, id, text FROM messages WHERE conversation_id {SqlDialect.Of(c).InList("@ids")} AND author_kind <> 'system'
            ORDER BY sent_at, id
            """,
            new { ids })).ToLookup(m => m.ConversationId);
        return rows.Select(r => new PlaybackRow(r.Id, r.CustomerId, r.CustomerName, r.ChannelName, r.QueueId, r.Queue,
            agents[r.Id].Distinct().ToList(), r.CreatedAt, r.Ended, r.Duration, reasons[r.Id].Distinct().ToList(), codes[r.Id].Distinct().ToList(),
            messages[r.Id].Count(), r.State,
            q is null ? [] : messages[r.Id].Where(m => m.Text.Contains(q, StringComparison.OrdinalIgnoreCase)).Take(3)
                .Select(m => new PlaybackMatch(m.Id, m.Text)).ToList()) { StartedBy = r.StartedBy, StartedByName = r.StartedByName }).ToList();
    }

    internal sealed class ConversationRow
    {
        public long Id { get; set; }
        public long? CustomerId { get; set; }
        public string? CustomerName { get; set; }
        public string Channel { get; set; } = "";
        public bool IsPublic { get; set; }
        public long QueueId { get; set; }
        public string Queue { get; set; } = "";
        public string State { get; set; } = "";
        public string Address { get; set; } = "";
        public string? Source { get; set; }
        public long CreatedAt { get; set; }
        public long? EndedAt { get; set; }
        public long? ClosedAt { get; set; }
        public long? LastMessageAt { get; set; }
        public string StartedBy { get; set; } = "customer";
        public string? StartedByName { get; set; }
        /// <summary>The list's count (at most <see cref="CountAhead"/> past the page), read with the page.</summary>
        public long Total { get; set; }

        public string ChannelName => Channels.ChannelCatalog.EntryKindOf(Channel, IsPublic && Channel == "x");
        public long? Ended => EndedAt ?? ClosedAt;
        /// <summary>Start to end; a chat still open runs to its last message so far.</summary>
        public long Duration => Math.Max(0, (Ended ?? LastMessageAt ?? CreatedAt) - CreatedAt);
    }
}
