using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Admin;

/// <summary>Queues and skills as admins set them up; a change is live for the routing engine as soon as it commits.</summary>
public sealed class QueueAdminServices(RoutingStore store, CrmDb db, TimeProvider time, EntryFlow.EntryFlowEngine entryFlow)
{
    public const int NameMax = 100;
    public static readonly (int Min, int Max) Acceptance = (5, 600);
    public static readonly (int Min, int Max) PostProcessing = (0, 3600);
    public static readonly (int Min, int Max) ServiceLevel = (1, 3600);

    public async Task<IReadOnlyList<AdminQueueDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, null, null);
    }

    public async Task<AdminQueueDto> CreateAsync(SaveQueue request, long actorId, CancellationToken ct = default)
    {
        var queue = await CheckAsync(request, ct);
        return await store.WriteAsync(async change =>
        {
            var (c, tx) = (change.Connection, change.Tx);
            await EnsureQueueNameFreeAsync(c, tx, queue.Name, null);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO queues (name, enabled, acceptance_seconds, post_processing_seconds, transaction_codes_mandatory,
                    service_level_seconds, save_transcript_at_wrapup, business_hours_id, closed_message)
                VALUES (@Name, @Enabled, @AcceptanceSeconds, @PostProcessingSeconds, @TransactionCodesMandatory, @ServiceLevelSeconds,
                    @SaveTranscriptAtWrapUp, @BusinessHoursId, @ClosedMessage) RETURNING id
                """, queue, tx);
            await SetSkillsAndMembersAsync(c, tx, id, queue);
            await AuditLog.WriteAsync(c, tx, actorId, "queue", id, "created", Describe(queue), change.Now);
            change.DispatchNeeded = true;
            return await ReadOneAsync(c, tx, id);
        }, ct);
    }

    public async Task<AdminQueueDto> UpdateAsync(long id, SaveQueue request, long actorId, CancellationToken ct = default)
    {
        var queue = await CheckAsync(request, ct);
        var saved = await store.WriteAsync(async change =>
        {
            var (c, tx) = (change.Connection, change.Tx);
            var before = await ReadOneAsync(c, tx, id);
            if (before.Retired) throw Problem.Conflict($"The {before.Name} queue is retired; it cannot be changed.");
            await EnsureQueueNameFreeAsync(c, tx, queue.Name, id);
            await c.ExecuteAsync("""
                UPDATE queues SET name = @Name, enabled = @Enabled, acceptance_seconds = @AcceptanceSeconds, post_processing_seconds = @PostProcessingSeconds,
                    transaction_codes_mandatory = @TransactionCodesMandatory, service_level_seconds = @ServiceLevelSeconds,
                    save_transcript_at_wrapup = @SaveTranscriptAtWrapUp, business_hours_id = @BusinessHoursId, closed_message = @ClosedMessage
                WHERE id = @id
                """, new { id, queue.Name, queue.Enabled, queue.AcceptanceSeconds, queue.PostProcessingSeconds, queue.TransactionCodesMandatory,
                    queue.ServiceLevelSeconds, queue.SaveTranscriptAtWrapUp, queue.BusinessHoursId, queue.ClosedMessage }, tx);
            await SetSkillsAndMembersAsync(c, tx, id, queue);
            await AuditLog.WriteAsync(c, tx, actorId, "queue", id, "updated", Describe(queue), change.Now);
            change.DispatchNeeded = true;
            return await ReadOneAsync(c, tx, id);
        }, ct);
        await entryFlow.ReviewHoldsAsync(ct); // new hours may open the queue for chats waiting on it
        return saved;
    }

    /// <summary>Retired: no new chats, hidden from agents; its past conversations and reports keep its name.</summary>
    public Task<AdminQueueDto> RetireAsync(long id, long actorId, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var (c, tx) = (change.Connection, change.Tx);
            var queue = await ReadOneAsync(c, tx, id);
            if (queue.Retired) return queue;
            var open = await c.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM conversations WHERE queue_id = @id AND state IN {ConversationState.OpenStatesSql}", new { id }, tx);
            if (open > 0)
                throw Problem.Conflict($"{open} chat{(open == 1 ? " is" : "s are")} still open in the {queue.Name} queue; "
                    + "transfer or finish them before retiring it.");
            await c.ExecuteAsync("UPDATE queues SET enabled = 0, retired_at = @Now WHERE id = @id", new { id, change.Now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "queue", id, "retired", queue.Name, change.Now);
            return await ReadOneAsync(c, tx, id);
        }, ct);

    public async Task<IReadOnlyList<SkillDto>> SkillsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadSkillsAsync(c, null, null);
    }

    public Task<SkillDto> CreateSkillAsync(SaveSkill request, long actorId, CancellationToken ct = default)
    {
        var name = CheckSkill(request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            await EnsureSkillNameFreeAsync(c, tx, name, null);
            var id = await c.ExecuteScalarAsync<long>("INSERT INTO skills (name) VALUES (@name) RETURNING id", new { name }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "skill", id, "created", name, time.NowMs());
            return (await ReadSkillsAsync(c, tx, id)).Single();
        }, ct);
    }

    public Task<SkillDto> UpdateSkillAsync(long id, SaveSkill request, long actorId, CancellationToken ct = default)
    {
        var name = CheckSkill(request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            var before = await ReadSkillAsync(c, tx, id);
            await EnsureSkillNameFreeAsync(c, tx, name, id);
            await c.ExecuteAsync("UPDATE skills SET name = @name WHERE id = @id", new { id, name }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "skill", id, "updated", $"{before.Name} -> {name}", time.NowMs());
            return await ReadSkillAsync(c, tx, id);
        }, ct);
    }

    /// <summary>A retired skill is no longer offered; a queue that still requires it must drop it first, or its chats would wait forever.</summary>
    public Task<SkillDto> RetireSkillAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var skill = await ReadSkillAsync(c, tx, id);
            if (skill.Retired) return skill;
            var queues = (await c.QueryAsync<string>("""
                SELECT q.name FROM queue_skills qs JOIN queues q ON q.id = qs.queue_id WHERE qs.skill_id = @id AND q.retired_at IS NULL ORDER BY q.name
                """, new { id }, tx)).ToList();
            if (queues.Count > 0)
                throw Problem.Conflict($"{string.Join(", ", queues)} require{(queues.Count == 1 ? "s" : "")} the skill {skill.Name}; remove it there first.");
            await c.ExecuteAsync("UPDATE skills SET active = 0 WHERE id = @id", new { id }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "skill", id, "retired", skill.Name, time.NowMs());
            return await ReadSkillAsync(c, tx, id);
        }, ct);

    private sealed record CheckedQueue(string Name, bool Enabled, IReadOnlyList<long> SkillIds, IReadOnlyList<long>? MemberIds, int? AcceptanceSeconds,
        int? PostProcessingSeconds, bool TransactionCodesMandatory, int ServiceLevelSeconds, bool SaveTranscriptAtWrapUp, long? BusinessHoursId,
        string? ClosedMessage);

    /// <summary>Every problem of the form at once: fields, then skills and members that do not exist.</summary>
    private async Task<CheckedQueue> CheckAsync(SaveQueue request, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        var closedMessage = string.IsNullOrWhiteSpace(request.ClosedMessage) ? null : request.ClosedMessage.Trim();
        var problems = new Validation()
            .Required(name, "name", "Give the queue a name.")
            .MaxLength(name, NameMax, "name", "The name")
            .Range(request.AcceptanceSeconds, Acceptance.Min, Acceptance.Max, "acceptanceSeconds",
                $"The acceptance interval is {Acceptance.Min} to {Acceptance.Max} seconds (leave it empty for the default).")
            .Range(request.PostProcessingSeconds, PostProcessing.Min, PostProcessing.Max, "postProcessingSeconds",
                $"Post processing is {PostProcessing.Min} to {PostProcessing.Max} seconds (leave it empty for the default).")
            .Range(request.ServiceLevelSeconds, ServiceLevel.Min, ServiceLevel.Max, "serviceLevelSeconds",
                $"The service-level threshold is {ServiceLevel.Min} to {ServiceLevel.Max} seconds.")
            .MaxLength(closedMessage, EntryFlow.EntryPointsAdmin.MessageMax, "closedMessage", "The closed message");
        var queue = new CheckedQueue(name ?? "", request.Enabled ?? true, (request.SkillIds ?? []).Distinct().ToList(), request.MemberIds?.Distinct().ToList(),
            request.AcceptanceSeconds, request.PostProcessingSeconds, request.TransactionCodesMandatory ?? false, request.ServiceLevelSeconds ?? 60,
            request.SaveTranscriptAtWrapUp ?? false, request.BusinessHoursId, closedMessage);
        await using (var c = await db.OpenAsync(ct))
        {
            await RelatedProblemsAsync(c, problems, queue.SkillIds, queue.MemberIds ?? []);
            if (queue.BusinessHoursId is { } hoursId && await c.ExecuteScalarAsync<long?>(
                    "SELECT id FROM business_hours WHERE id = @hoursId AND retired = 0", new { hoursId }) is null)
                problems.Add("businessHoursId", "Pick business hours that exist, or \"always open\".");
        }
        problems.ThrowIfInvalid();
        return queue;
    }

    private static string CheckSkill(SaveSkill request)
    {
        var name = request.Name?.Trim();
        new Validation().Required(name, "name", "Give the skill a name, e.g. Spanish or Billing.")
            .MaxLength(name, NameMax, "name", "The name").ThrowIfInvalid();
        return name!;
    }

    /// <summary>
    /// Skills and agents named by id must exist (skills not retired, agents active): each unknown one is added to
    /// <paramref name="problems"/>.
    /// </summary>
    internal static async Task RelatedProblemsAsync(DbConnection c, Validation problems, IReadOnlyList<long> skillIds, IReadOnlyList<long> agentIds,
        string agentsField = "memberIds")
    {
        var skills = (await c.QueryAsync<long>(
            $"SELECT id FROM skills WHERE id {SqlDialect.Of(c).InList("@skillIds")} AND active = 1",
            new { skillIds })).ToHashSet();
        var agents = (await c.QueryAsync<long>($"""
            SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent'
            WHERE u.id {SqlDialect.Of(c).InList("@agentIds")} AND u.deactivated_at IS NULL
            """, new { agentIds })).ToHashSet();
        foreach (var id in skillIds.Where(id => !skills.Contains(id))) problems.Add("skillIds", $"There is no skill {id}.");
        foreach (var id in agentIds.Where(id => !agents.Contains(id))) problems.Add(agentsField, $"User {id} is not an active agent.");
    }

    /// <summary>Queues named by id must exist and not be retired: each unknown one is added to <paramref name="problems"/>.</summary>
    internal static async Task QueueProblemsAsync(DbConnection c, Validation problems, IReadOnlyList<long> queueIds, string field = "queueIds")
    {
        var known = (await c.QueryAsync<long>(
            $"SELECT id FROM queues WHERE id {SqlDialect.Of(c).InList("@queueIds")} AND retired_at IS NULL",
            new { queueIds })).ToHashSet();
        foreach (var id in queueIds.Where(id => !known.Contains(id))) problems.Add(field, $"There is no queue {id}.");
    }

    private static async Task SetSkillsAndMembersAsync(DbConnection c, DbTransaction tx, long id, CheckedQueue queue)
    {
        await c.ExecuteAsync("DELETE FROM queue_skills WHERE queue_id = @id", new { id }, tx);
        foreach (var skillId in queue.SkillIds)
            await c.ExecuteAsync("INSERT INTO queue_skills (queue_id, skill_id) VALUES (@id, @skillId)", new { id, skillId }, tx);
        if (queue.MemberIds is not { } members) return; // members left out: kept as they are (agents are also set from their own page)
        await c.ExecuteAsync("DELETE FROM queue_members WHERE queue_id = @id", new { id }, tx);
        foreach (var userId in members)
            await c.ExecuteAsync("INSERT INTO queue_members (queue_id, user_id) VALUES (@id, @userId)", new { id, userId }, tx);
    }

    private static async Task EnsureQueueNameFreeAsync(DbConnection c, DbTransaction tx, string name, long? id)
    {
        if (await c.QuerySingleOrDefaultAsync<(long Id, long? RetiredAt)?>(
                "SELECT id, retired_at FROM queues WHERE lower(name) = lower(@name) AND id <> COALESCE(@id, -1)", new { name, id }, tx)
                is not { } other) return;
        throw NameTaken(other.RetiredAt is null ? $"There is already a queue named {name}." : $"A retired queue is named {name}; choose another name.");
    }

    private static async Task EnsureSkillNameFreeAsync(DbConnection c, DbTransaction tx, string name, long? id)
    {
        if (await c.QuerySingleOrDefaultAsync<(long Id, bool Active)?>(
                "SELECT id, active FROM skills WHERE lower(name) = lower(@name) AND id <> COALESCE(@id, -1)", new { name, id }, tx) is not { } other) return;
        throw NameTaken(other.Active ? $"There is already a skill named {name}." : $"A retired skill is named {name}; choose another name.");
    }

    private static ProblemException NameTaken(string message) => new(409, "Conflict", message, new Dictionary<string, string[]> { ["name"] = [message] });

    private static string Describe(CheckedQueue q) =>
        $"{q.Name}: {(q.Enabled ? "enabled" : "disabled")}, skills [{string.Join(", ", q.SkillIds)}], members [{string.Join(", ", q.MemberIds ?? [])}], " +
        $"acceptance {q.AcceptanceSeconds?.ToString() ?? "default"}, post processing {q.PostProcessingSeconds?.ToString() ?? "default"}, " +
        $"code mandatory {q.TransactionCodesMandatory}, service level {q.ServiceLevelSeconds}s, save at wrap-up {q.SaveTranscriptAtWrapUp}, " +
        $"business hours {q.BusinessHoursId?.ToString() ?? "always open"}";

    private static async Task<AdminQueueDto> ReadOneAsync(DbConnection c, DbTransaction tx, long id) =>
        (await ReadAsync(c, tx, id)).SingleOrDefault() ?? throw Problem.NotFound($"There is no queue {id}.");

    private static async Task<IReadOnlyList<AdminQueueDto>> ReadAsync(DbConnection c, DbTransaction? tx, long? id)
    {
        var queues = await c.QueryAsync<QueueRow>("""
            SELECT id, name, enabled, acceptance_seconds AS AcceptanceSeconds, post_processing_seconds AS PostProcessingSeconds,
                   transaction_codes_mandatory AS TransactionCodesMandatory, service_level_seconds AS ServiceLevelSeconds,
                   save_transcript_at_wrapup AS SaveTranscriptAtWrapUp, retired_at AS RetiredAt, business_hours_id AS BusinessHoursId,
                   closed_message AS ClosedMessage
            FROM queues WHERE @id IS NULL OR id = @id ORDER BY retired_at IS NOT NULL, name
            """, new { id }, tx);
        var skills = (await c.QueryAsync<(long QueueId, long SkillId)>("SELECT queue_id, skill_id FROM queue_skills", transaction: tx))
            .ToLookup(s => s.QueueId, s => s.SkillId);
        var members = (await c.QueryAsync<(long QueueId, long UserId)>("SELECT queue_id, user_id FROM queue_members", transaction: tx))
            .ToLookup(m => m.QueueId, m => m.UserId);
        return queues.Select(q => new AdminQueueDto(q.Id, q.Name, q.Enabled, skills[q.Id].Order().ToList(), members[q.Id].Order().ToList(), q.AcceptanceSeconds,
            q.PostProcessingSeconds, q.TransactionCodesMandatory, q.ServiceLevelSeconds, q.SaveTranscriptAtWrapUp, q.RetiredAt is not null,
            q.BusinessHoursId, q.ClosedMessage)).ToList();
    }

    private static async Task<SkillDto> ReadSkillAsync(DbConnection c, DbTransaction tx, long id) =>
        (await ReadSkillsAsync(c, tx, id)).SingleOrDefault() ?? throw Problem.NotFound($"There is no skill {id}.");

    private static async Task<IReadOnlyList<SkillDto>> ReadSkillsAsync(DbConnection c, DbTransaction? tx, long? id) =>
        (await c.QueryAsync<(long Id, string Name, bool Active)>("SELECT id, name, active FROM skills WHERE @id IS NULL OR id = @id ORDER BY active DESC, name",
            new { id }, tx)).Select(s => new SkillDto(s.Id, s.Name, !s.Active)).ToList();

    private sealed class QueueRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public bool Enabled { get; set; }
        public int? AcceptanceSeconds { get; set; }
        public int? PostProcessingSeconds { get; set; }
        public bool TransactionCodesMandatory { get; set; }
        public int ServiceLevelSeconds { get; set; }
        public bool SaveTranscriptAtWrapUp { get; set; }
        public long? RetiredAt { get; set; }
        public long? BusinessHoursId { get; set; }
        public string? ClosedMessage { get; set; }
    }
}
