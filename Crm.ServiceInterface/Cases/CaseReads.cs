namespace Crm.ServiceInterface.Cases;

/// <summary>The SQL that reads cases: one page of summaries, or one case with everything on it.</summary>
internal static class CaseReads
{
    private const string SummaryColumns = """
        c.id AS Id, c.subject AS Subject, c.status AS Status, c.priority AS Priority, c.customer_id AS CustomerId,
        cu.name AS CustomerName, c.conversation_id AS ConversationId, c.channel AS Channel,
        c.created_at AS CreatedAt, c.updated_at AS UpdatedAt, c.closed_at AS ClosedAt,
        (SELECT q.name FROM queues q WHERE q.id = c.queue_id) AS QueueName, (SELECT u.display_name FROM users u WHERE u.id = c.created_by) AS AgentName
        """;

    /// <summary>"CS-000123": what people read out on the phone; the id stays the key.</summary>
    public static string Number(long id) => $"CS-{id:D6}";

    /// <summary>The id in "CS-000123", "cs-123" or "123", or null when the text is not a case number.</summary>
    public static long? ParseNumber(string text)
    {
        var digits = text.Trim();
        if (digits.StartsWith("CS-", StringComparison.OrdinalIgnoreCase)) digits = digits[3..];
        return long.TryParse(digits, System.Globalization.NumberStyles.None, null, out var id) ? id : null;
    }

    public static async Task<Paged<CaseSummary>> PageAsync(DbConnection connection, CaseFilter filter, int page, int pageSize)
    {
        // Only the filters in use: "@x IS NULL OR ..." would keep SQLite from using the customer and status indexes.
        var clauses = new List<string>();
        if (filter.Status is not null) clauses.Add("c.status = @Status");
        if (filter.Orphan is { } orphan) clauses.Add(orphan ? "c.customer_id IS NULL" : "c.customer_id IS NOT NULL");
        if (filter.CustomerId is not null) clauses.Add("c.customer_id = @CustomerId");
        if (filter.QueueId is not null) clauses.Add("c.queue_id = @QueueId");
        if (filter.AgentId is not null) clauses.Add("c.created_by = @AgentId");
        if (filter.From is not null) clauses.Add("c.created_at >= @From");
        if (filter.To is not null) clauses.Add("c.created_at < @To");
        // A written case number ("CS-002530") comes without Like: it finds that case only.
        if (filter.Like is not null) clauses.Add("(LOWER(c.subject) LIKE @Like ESCAPE '\\' OR LOWER(cu.name) LIKE @Like ESCAPE '\\' OR c.id = @Number)");
        else if (filter.Number is not null) clauses.Add("c.id = @Number");
        var where = clauses.Count == 0 ? "" : "WHERE " + string.Join(" AND ", clauses);
        var args = new DynamicParameters(filter);
        args.Add("Take", pageSize);
        args.Add("Skip", (long)(page - 1) * pageSize);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id {where}", args);
        return new Paged<CaseSummary>(await SummariesAsync(connection, null, where, args), total, page, pageSize);
    }

    /// <summary>A customer's newest cases, for the screen pop: no count, and on the caller's connection (an offer is made inside a write).</summary>
    public static Task<IReadOnlyList<CaseSummary>> RecentAsync(DbConnection connection, DbTransaction? tx, long customerId, int limit) =>
        SummariesAsync(connection, tx, "WHERE c.customer_id = @customerId", new { customerId, Take = limit, Skip = 0 });

    private static async Task<IReadOnlyList<CaseSummary>> SummariesAsync(DbConnection connection, DbTransaction? tx, string where, object args) =>
        (await connection.QueryAsync<CaseRow>(
            $"SELECT {SummaryColumns} FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id {where} " +
            "ORDER BY c.created_at DESC, c.id DESC LIMIT @Take OFFSET @Skip",
            args, tx)).Select(r => r.ToSummary()).ToList();

    public static async Task<CaseRow?> RowAsync(DbConnection connection, DbTransaction? tx, long id) =>
        await connection.QuerySingleOrDefaultAsync<CaseRow>(
            $"SELECT {SummaryColumns}, c.transcript AS Transcript, c.resolution AS Resolution " +
            "FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = @id",
            new { id }, tx);

    /// <summary>The whole case; inside a change's transaction it is the case exactly as that change leaves it.</summary>
    public static async Task<CaseDto?> LoadAsync(DbConnection connection, DbTransaction? tx, long id)
    {
        if (await RowAsync(connection, tx, id) is not { } row) return null;
        var reasons = await connection.QueryAsync<NamedRow>("""
            SELECT r.id AS Id, r.name AS Name FROM case_wrapup_reasons cr JOIN wrapup_reasons r ON r.id = cr.reason_id
            WHERE cr.case_id = @id ORDER BY r.name
            """, new { id }, tx);
        var codes = await connection.QueryAsync<NamedRow>("""
            SELECT t.id AS Id, t.code || ' - ' || t.name AS Name FROM case_transaction_codes ct JOIN transaction_codes t ON t.id = ct.code_id
            WHERE ct.case_id = @id ORDER BY t.code
            """, new { id }, tx);
        var notes = await connection.QueryAsync<NoteRow>("""
            SELECT n.id AS Id, n.text AS Text, u.display_name AS AuthorName, n.created_at AS CreatedAt
            FROM case_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.case_id = @id ORDER BY n.created_at, n.id
            """, new { id }, tx);
        var history = await connection.QueryAsync<HistoryRow>("""
            SELECT h.action AS Action, h.detail AS Detail, u.user_name AS UserName, u.display_name AS ActorName, h.created_at AS At
            FROM case_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.case_id = @id ORDER BY h.created_at, h.id
            """, new { id }, tx);
        return new CaseDto(row.Id, Number(row.Id), row.Subject, row.Status, row.Priority, row.CustomerId, row.CustomerName,
            row.ConversationId, row.Channel, row.Transcript,
            reasons.Select(r => new NamedItem(r.Id, r.Name)).ToList(), codes.Select(c => new NamedItem(c.Id, c.Name)).ToList(),
            notes.Select(n => new CaseNote(n.Id, n.Text, n.AuthorName, n.CreatedAt)).ToList(),
            history.Select(h => new CaseHistoryEntry(h.Action, h.Detail, h.UserName, h.At, h.ActorName)).ToList(),
            row.CreatedAt, row.UpdatedAt, row.ClosedAt, row.QueueName, row.AgentName, row.Resolution);
    }
}

/// <summary>What GET /api/cases filters on, checked and ready for SQL (Like is a lower-case pattern, or null).</summary>
internal sealed record CaseFilter(string? Status, bool? Orphan, long? CustomerId, string? Like, long? Number,
    long? QueueId = null, long? AgentId = null, long? From = null, long? To = null);

// Rows are classes with setters: Dapper then converts by name, where record constructors fail on SQLite's
// untyped expression columns and on empty results.
internal sealed class NamedRow { public long Id { get; set; } public string Name { get; set; } = ""; }

internal sealed class NoteRow
{
    public long Id { get; set; }
    public string Text { get; set; } = "";
    public string? AuthorName { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class HistoryRow
{
    public string Action { get; set; } = "";
    public string? Detail { get; set; }
    public string? UserName { get; set; }
    public string? ActorName { get; set; }
    public long At { get; set; }
}

internal sealed class CaseRow
{
    public long Id { get; set; }
    public string Subject { get; set; } = "";
    public string Status { get; set; } = "";
    public string Priority { get; set; } = "";
    public long? CustomerId { get; set; }
    public string? CustomerName { get; set; }
    public long? ConversationId { get; set; }
    public string? Channel { get; set; }
    public string? Transcript { get; set; }
    public string? Resolution { get; set; }
    public string? QueueName { get; set; }
    public string? AgentName { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? ClosedAt { get; set; }

    public CaseSummary ToSummary() =>
        new(Id, CaseReads.Number(Id), Subject, Status, Priority, CustomerId, CustomerName, Channel, CreatedAt, UpdatedAt, ClosedAt, QueueName, AgentName);
}
