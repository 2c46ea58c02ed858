using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Integrations;

namespace Crm.ServiceInterface.Cases;

/// <summary>The Local CRM's cases: transcripts saved from chats, assigned to customers, closed and reopened, each change in the case's history.</summary>
public sealed class CasesServices(CrmDb db, TimeProvider time)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    private const int NoteInHistoryLength = 80;

    /// <summary>Cases newest first, by any mix of status, orphan, customer, queue, agent, creation dates and a search (number, subject, customer).</summary>
    public async Task<Paged<CaseSummary>> ListAsync(CaseQuery query, CancellationToken ct = default)
    {
        var v = new Validation();
        var canonicalStatus = query.Status is null ? null : CaseStatus.Canonical(query.Status);
        v.When(query.Status is not null && canonicalStatus is null, "status",
                $"'{query.Status}' is not a case status; the statuses are {string.Join(", ", CaseStatus.All)}.")
            .When(query.Page < 1, "page", "page starts at 1.")
            .When(query.PageSize < 1, "pageSize", $"pageSize is between 1 and {MaxPageSize}.");
        var from = CaseDates.Parse(query.From, endOfDay: false, "from", v);
        var to = CaseDates.Parse(query.To, endOfDay: true, "to", v);
        v.When(from is not null && to is not null && from >= to, "to", "The end date is before the start date.");
        v.ThrowIfInvalid();
        var search = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        var number = search is null ? null : CaseReads.ParseNumber(search);
        var written = number is not null && search!.StartsWith("CS-", StringComparison.OrdinalIgnoreCase);
        var like = search is null || written ? null : SqlLike.Contains(search);
        var filter = new CaseFilter(canonicalStatus, query.Orphan, query.CustomerId, like, number, query.QueueId, query.AgentId, from, to);

        await using var connection = await db.OpenAsync(ct);
        return await CaseReads.PageAsync(connection, filter, query.Page ?? 1, Math.Min(query.PageSize ?? DefaultPageSize, MaxPageSize));
    }

    /// <summary>The agents a case can be filtered by (who saved it), by display name.</summary>
    public async Task<IReadOnlyList<NamedItem>> AgentsAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<NamedRow>(
            "SELECT u.id AS Id, u.display_name AS Name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent' ORDER BY u.display_name"))
            .Select(r => new NamedItem(r.Id, r.Name)).ToList();
    }

    public async Task<CaseDto> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await CaseReads.LoadAsync(connection, null, id) ?? throw NoCase(id);
    }

    public async Task<CaseDto> CreateAsync(CreateCase request, long? actorId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.Subject)) throw Problem.Invalid("subject", "A case needs a subject.");
        var priority = string.IsNullOrWhiteSpace(request.Priority) ? CasePriority.Normal : CasePriority.Canonical(request.Priority.Trim())
            ?? throw Problem.Invalid("priority", $"'{request.Priority}' is not a priority; the priorities are {string.Join(", ", CasePriority.All)}.");
        if (request.CustomerId <= 0) throw Problem.Invalid("customerId", "customerId is a customer's id; leave it out for an orphan case.");

        return await db.InTransactionAsync(async (connection, tx) =>
        {
            var now = time.NowMs();
            string? detail = null;
            if (request.CustomerId is { } customerId)
                detail = $"for {await CustomerLabelAsync(connection, tx, customerId)}";
            var id = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO cases (subject, status, priority, customer_id, transcript, created_by, created_at, updated_at)
                VALUES (@subject, @status, @priority, @CustomerId, @Transcript, @actorId, @now, @now) RETURNING id
                """, new { subject = request.Subject.Trim(), status = CaseStatus.Open, priority, request.CustomerId, request.Transcript, actorId, now }, tx);
            await RecordAsync(connection, tx, id, actorId, CaseHistoryActions.Created, detail, now);
            return (await CaseReads.LoadAsync(connection, tx, id))!;
        }, ct);
    }

    /// <summary>Gives an orphan case its customer, or moves a case to another customer; the history says from whom.</summary>
    public async Task<CaseDto> AssignAsync(long id, AssignCase request, long? actorId, CancellationToken ct = default)
    {
        if (request.CustomerId <= 0) throw Problem.Invalid("customerId", "customerId is required.");
        return await db.InTransactionAsync(async (connection, tx) =>
        {
            var now = time.NowMs();
            var current = await CaseReads.RowAsync(connection, tx, id) ?? throw NoCase(id);
            var to = await CustomerLabelAsync(connection, tx, request.CustomerId);
            if (current.CustomerId == request.CustomerId)
                throw Problem.Conflict($"Case {CaseReads.Number(id)} is already assigned to {to}.");
            await connection.ExecuteAsync("UPDATE cases SET customer_id = @CustomerId, updated_at = @now WHERE id = @id",
                new { request.CustomerId, now, id }, tx);
            var detail = current.CustomerId is { } from ? $"to {to}, from {current.CustomerName} (#{from})" : $"to {to}";
            await RecordAsync(connection, tx, id, actorId, CaseHistoryActions.Assigned, detail, now);
            return (await CaseReads.LoadAsync(connection, tx, id))!;
        }, ct);
    }

    public const int MaxResolutionLength = 2000;

    /// <summary>Closes an open case; an orphan case needs a resolution note, kept on the case and in its history.</summary>
    public async Task<CaseDto> CloseAsync(long id, CloseCase? request, long? actorId, CancellationToken ct = default)
    {
        var resolution = string.IsNullOrWhiteSpace(request?.Resolution) ? null : request.Resolution.Trim();
        new Validation().MaxLength(resolution, MaxResolutionLength, "resolution", "The resolution note").ThrowIfInvalid();
        return await db.InTransactionAsync(async (connection, tx) =>
        {
            var current = await CaseReads.RowAsync(connection, tx, id) ?? throw NoCase(id);
            if (current.CustomerId is null && resolution is null && current.Status == CaseStatus.Open)
                throw Problem.Invalid("resolution", "Write a resolution note: this case has no customer, so the note is the only record of what was done.");
            if (resolution is not null)
                await connection.ExecuteAsync("UPDATE cases SET resolution = @resolution WHERE id = @id AND status = @open",
                    new { resolution, id, open = CaseStatus.Open }, tx);
            return await MoveAsync(connection, tx, id, CaseTransitions.Close, actorId, resolution is null ? null : $"Resolution: {resolution}");
        }, ct);
    }

    public Task<CaseDto> ReopenAsync(long id, long? actorId, CancellationToken ct = default) =>
        db.InTransactionAsync((connection, tx) => MoveAsync(connection, tx, id, CaseTransitions.Reopen, actorId, null), ct);

    public async Task<CaseDto> AddNoteAsync(long id, AddCaseNote request, long? actorId, CancellationToken ct = default)
    {
        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text)) throw Problem.Invalid("text", "A note needs text.");
        return await db.InTransactionAsync(async (connection, tx) =>
        {
            var now = time.NowMs();
            if (await connection.ExecuteAsync("UPDATE cases SET updated_at = @now WHERE id = @id", new { now, id }, tx) == 0)
                throw NoCase(id);
            await connection.ExecuteAsync("INSERT INTO case_notes (case_id, author_id, text, created_at) VALUES (@id, @actorId, @text, @now)",
                new { id, actorId, text, now }, tx);
            var excerpt = text.Length <= NoteInHistoryLength ? text : text[..NoteInHistoryLength] + "…";
            await RecordAsync(connection, tx, id, actorId, CaseHistoryActions.NoteAdded, excerpt, now);
            return (await CaseReads.LoadAsync(connection, tx, id))!;
        }, ct);
    }

    /// <summary>
    /// For the routing engine when a customer starts a new contact: per the re-opening time limit, reopens the customer's
    /// most recently closed case and returns its id; null when the policy reopens nothing or the customer already has an open case.
    /// Runs inside the caller's transaction (the routing engine opening a new conversation).
    /// </summary>
    public async Task<long?> ReopenOnNewContactAsync(DbConnection connection, DbTransaction tx, long customerId, long? actorId)
    {
        var policy = await SettingsStore.GetAsync<CaseReopenPolicy>(connection, tx, CaseReopenRules.SettingKey) ?? CaseReopenRules.Default;
        if (policy.Mode == CaseReopenRules.Never) return null;
        // A customer already being handled keeps that case: each new contact must not reopen one more old case.
        if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM cases WHERE customer_id = @customerId AND status = @open LIMIT 1",
                new { customerId, open = CaseStatus.Open }, tx) is not null)
            return null;
        var last = await connection.QueryAsync<(long Id, long ClosedAt)>("""
            SELECT id, closed_at FROM cases WHERE customer_id = @customerId AND status = @closed AND closed_at IS NOT NULL
            ORDER BY closed_at DESC, id DESC LIMIT 1
            """, new { customerId, closed = CaseStatus.Closed }, tx);
        if (last.ToList() is not [var found] || !CaseReopenRules.Reopens(policy, found.ClosedAt, time.NowMs())) return null;
        await MoveAsync(connection, tx, found.Id, CaseTransitions.Reopen, actorId, "New contact from the customer");
        return found.Id;
    }

    /// <summary>
    /// Save to CRM (8x8): during the chat, a closed case on the customer; after it, an independent open case without customer
    /// for back office to assign. Inside the routing change's transaction.
    /// </summary>
    public async Task<CaseDto> SaveTranscriptAsync(DbConnection connection, DbTransaction tx, TranscriptCase transcript, long actorId)
    {
        var now = time.NowMs();
        var status = transcript.CustomerId is null ? CaseStatus.Open : CaseStatus.Closed;
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO cases (subject, status, priority, customer_id, conversation_id, queue_id, channel, transcript, created_by,
                               created_at, updated_at, closed_at)
            VALUES (@Subject, @status, @normal, @CustomerId, @ConversationId, @QueueId, @Channel, @Transcript, @actorId, @now, @now, @closedAt) RETURNING id
            """, new { transcript.Subject, status, normal = CasePriority.Normal, transcript.CustomerId, transcript.ConversationId, transcript.QueueId,
                transcript.Channel,
                transcript.Transcript, actorId, now, closedAt = status == CaseStatus.Closed ? now : (long?)null }, tx);
        foreach (var codeId in transcript.TransactionCodeIds)
            await connection.ExecuteAsync(
                "INSERT INTO case_transaction_codes (case_id, code_id) VALUES (@id, @codeId) ON CONFLICT DO NOTHING",
                new { id, codeId }, tx);
        foreach (var reasonId in transcript.WrapUpReasonIds)
            await connection.ExecuteAsync(
                "INSERT INTO case_wrapup_reasons (case_id, reason_id) VALUES (@id, @reasonId) ON CONFLICT DO NOTHING",
                new { id, reasonId }, tx);
        await RecordAsync(connection, tx, id, actorId, CaseHistoryActions.Created,
            transcript.CustomerId is null ? "Transcript saved after the chat (no customer yet)" : "Transcript saved during the chat", now);
        if (status == CaseStatus.Closed)
            await RecordAsync(connection, tx, id, actorId, CaseHistoryActions.Closed, null, now);
        return (await CaseReads.LoadAsync(connection, tx, id))!;
    }

    public async Task<CaseReopenPolicy> GetReopenPolicyAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await SettingsStore.GetAsync<CaseReopenPolicy>(connection, null, CaseReopenRules.SettingKey) ?? CaseReopenRules.Default;
    }

    public async Task<CaseReopenPolicy> SetReopenPolicyAsync(CaseReopenPolicy request, long? actorId, CancellationToken ct = default)
    {
        var policy = CaseReopenRules.Validate(request);
        await db.InTransactionAsync((connection, tx) =>
            SettingsStore.SetAsync(connection, tx, CaseReopenRules.SettingKey, policy, actorId, time.NowMs()), ct);
        return policy;
    }

    /// <summary>One step of the life cycle; the guarded UPDATE makes two people closing at once one close and one 409.</summary>
    private async Task<CaseDto> MoveAsync(DbConnection connection, DbTransaction tx, long id, CaseTransition move, long? actorId, string? detail)
    {
        var now = time.NowMs();
        var moved = await connection.ExecuteAsync("""
            UPDATE cases SET status = @To, updated_at = @now, closed_at = CASE WHEN @To = @closed THEN @now ELSE NULL END
            WHERE id = @id AND status = @From
            """, new { move.To, move.From, now, closed = CaseStatus.Closed, id }, tx);
        if (moved == 0)
        {
            var status = await connection.ExecuteScalarAsync<string?>("SELECT status FROM cases WHERE id = @id", new { id }, tx) ?? throw NoCase(id);
            throw Problem.Conflict($"Case {CaseReads.Number(id)} is already {status.ToLowerInvariant()}.");
        }
        await RecordAsync(connection, tx, id, actorId, move.Action, detail, now);
        return (await CaseReads.LoadAsync(connection, tx, id))!;
    }

    /// <summary>Writes the case's history and the audit log together, in the change's own transaction.</summary>
    private static async Task RecordAsync(DbConnection connection, DbTransaction tx, long caseId, long? actorId, string action, string? detail, long now)
    {
        await connection.ExecuteAsync("""
            INSERT INTO case_history (case_id, user_id, action, detail, created_at)
            VALUES (@caseId, @actorId, @action, @detail, @now)
            """, new { caseId, actorId, action, detail, now }, tx);
        await AuditLog.WriteAsync(connection, tx, actorId, "case", caseId, action, detail, now);
        var type = action switch
        {
            CaseHistoryActions.Created => WebhookEventType.CaseCreated, CaseHistoryActions.Closed => WebhookEventType.CaseClosed, _ => null,
        };
        if (type is null) return;
        var conversationId = await connection.ExecuteScalarAsync<long?>("SELECT conversation_id FROM cases WHERE id = @caseId", new { caseId }, tx);
        await WebhookEvents.RaiseAsync(connection, tx, type, conversationId, now, () => connection.QuerySingleAsync<WebhookCaseChanged>(
            "SELECT id AS CaseId, subject, status, priority, customer_id AS CustomerId, conversation_id AS ConversationId FROM cases WHERE id = @caseId",
            new { caseId }, tx));
    }

    /// <summary>"Jane Doe (#12)", or 404 when there is no such customer.</summary>
    private static async Task<string> CustomerLabelAsync(DbConnection connection, DbTransaction tx, long customerId)
    {
        var name = await connection.ExecuteScalarAsync<string?>("SELECT name FROM customers WHERE id = @customerId", new { customerId }, tx)
            ?? throw Problem.NotFound($"There is no customer {customerId}.");
        return $"{name} (#{customerId})";
    }

    private static ProblemException NoCase(long id) => Problem.NotFound($"There is no case {id}.");
}

/// <summary>A chat transcript on its way into the CRM.</summary>
public sealed record TranscriptCase(string Subject, string Transcript, long? CustomerId, long ConversationId, string Channel,
    IReadOnlyList<long> TransactionCodeIds, IReadOnlyList<long> WrapUpReasonIds, long? QueueId = null);

/// <summary>GET /api/cases as asked: every filter optional; From and To are ISO 8601 dates or instants.</summary>
public sealed record CaseQuery(string? Status = null, bool? Orphan = null, long? CustomerId = null, string? Q = null, int? Page = null, int? PageSize = null,
    long? QueueId = null, long? AgentId = null, string? From = null, string? To = null);
