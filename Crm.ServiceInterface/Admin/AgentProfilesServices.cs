using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Admin;

/// <summary>Agents' routing profiles: capacity, reject permission, skills, queues and a reject policy of their own.</summary>
public sealed class AgentProfilesServices(RoutingStore store, CrmDb db)
{
    public const int MinCapacity = 1;
    public const int MaxCapacity = 6;
    public static readonly IReadOnlyList<string> RejectPolicies = [AgentState.OnBreak, AgentState.Rona];

    public async Task<IReadOnlyList<AdminAgentDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, null, null);
    }

    public async Task<AdminAgentDto> UpdateAsync(long id, SaveAgentProfile request, long actorId, CancellationToken ct = default)
    {
        var policy = string.IsNullOrWhiteSpace(request.RejectPolicy) ? null
            : RejectPolicies.FirstOrDefault(p => string.Equals(p, request.RejectPolicy.Trim(), StringComparison.OrdinalIgnoreCase));
        var skillIds = (request.SkillIds ?? []).Distinct().ToList();
        var queueIds = (request.QueueIds ?? []).Distinct().ToList();
        var problems = new Validation()
            .When(request.Capacity is null, "capacity", $"Give a capacity from {MinCapacity} to {MaxCapacity} chats at once.")
            .Range(request.Capacity, MinCapacity, MaxCapacity, "capacity", $"Capacity is {MinCapacity} to {MaxCapacity} chats at once.")
            .When(policy is null && !string.IsNullOrWhiteSpace(request.RejectPolicy), "rejectPolicy",
                "The reject policy is OnBreak or RONA, or empty for the contact center's default.");
        await using (var c = await db.OpenAsync(ct))
        {
            await QueueAdminServices.RelatedProblemsAsync(c, problems, skillIds, []);
            await QueueAdminServices.QueueProblemsAsync(c, problems, queueIds);
        }
        problems.ThrowIfInvalid();
        return await store.WriteAsync(async change =>
        {
            var (c, tx) = (change.Connection, change.Tx);
            var agent = (await ReadAsync(c, tx, id)).SingleOrDefault() ?? throw Problem.NotFound($"There is no agent {id}.");

            await c.ExecuteAsync("""
                INSERT INTO agent_profiles (user_id, capacity, can_reject, reject_policy) VALUES (@id, @capacity, @canReject, @policy)
                ON CONFLICT (user_id) DO UPDATE SET capacity = excluded.capacity, can_reject = excluded.can_reject, reject_policy = excluded.reject_policy
                """, new { id, capacity = request.Capacity, canReject = request.CanReject ?? false, policy }, tx);
            await c.ExecuteAsync("DELETE FROM agent_skills WHERE user_id = @id", new { id }, tx);
            foreach (var skillId in skillIds)
                await c.ExecuteAsync("INSERT INTO agent_skills (user_id, skill_id) VALUES (@id, @skillId)", new { id, skillId }, tx);
            await c.ExecuteAsync("DELETE FROM queue_members WHERE user_id = @id", new { id }, tx);
            foreach (var queueId in queueIds)
                await c.ExecuteAsync("INSERT INTO queue_members (queue_id, user_id) VALUES (@queueId, @id)", new { id, queueId }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "agent_profile", id, "updated",
                $"{agent.UserName}: capacity {request.Capacity}, can reject {request.CanReject ?? false}, skills [{string.Join(", ", skillIds)}], " +
                $"queues [{string.Join(", ", queueIds)}], reject policy {policy ?? "default"}", change.Now);
            change.DispatchNeeded = true; // more capacity or a new queue may match a waiting chat now
            return (await ReadAsync(c, tx, id)).Single();
        }, ct);
    }

    private static async Task<IReadOnlyList<AdminAgentDto>> ReadAsync(DbConnection c, DbTransaction? tx, long? id)
    {
        var rows = await c.QueryAsync<(long Id, string UserName, string DisplayName, int Capacity, bool CanReject, string? RejectPolicy,
            long? DeactivatedAt)>("""
            SELECT u.id, u.user_name, u.display_name, COALESCE(p.capacity, 1), COALESCE(p.can_reject, 0), p.reject_policy, u.deactivated_at
            FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent' LEFT JOIN agent_profiles p ON p.user_id = u.id
            WHERE @id IS NULL OR u.id = @id ORDER BY u.deactivated_at IS NOT NULL, u.display_name
            """, new { id }, tx);
        var skills = (await c.QueryAsync<(long UserId, long SkillId)>("SELECT user_id, skill_id FROM agent_skills", transaction: tx))
            .ToLookup(s => s.UserId, s => s.SkillId);
        var queues = (await c.QueryAsync<(long UserId, long QueueId)>("SELECT user_id, queue_id FROM queue_members", transaction: tx))
            .ToLookup(q => q.UserId, q => q.QueueId);
        return rows.Select(r => new AdminAgentDto(r.Id, r.UserName, r.DisplayName, r.Capacity, r.CanReject, skills[r.Id].Order().ToList(),
            queues[r.Id].Order().ToList(), r.RejectPolicy, r.DeactivatedAt is not null)).ToList();
    }
}
