using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Routing;

/// <summary>The queues chats wait in, with what an agent or supervisor needs to see about each.</summary>
public sealed class QueuesServices(CrmDb db, RoutingOptions options)
{
    public async Task<IReadOnlyList<QueueDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var queues = await c.QueryAsync<(long Id, string Name, int? Acceptance, int? PostProcessing, bool Mandatory)>(
            "SELECT id, name, acceptance_seconds, post_processing_seconds, transaction_codes_mandatory FROM queues WHERE enabled = 1 ORDER BY name");
        var skills = (await c.QueryAsync<(long QueueId, string Name)>(
                "SELECT qs.queue_id, s.name FROM queue_skills qs JOIN skills s ON s.id = qs.skill_id ORDER BY s.name"))
            .ToLookup(s => s.QueueId, s => s.Name);
        var agents = (await c.QueryAsync<(long QueueId, string Name)>(
                "SELECT m.queue_id, u.user_name FROM queue_members m JOIN users u ON u.id = m.user_id ORDER BY u.user_name"))
            .ToLookup(a => a.QueueId, a => a.Name);
        var waiting = (await c.QueryAsync<(long QueueId, int Count, long Oldest)>(
            $"SELECT queue_id, COUNT(*), MIN(waiting_since) FROM conversations WHERE state IN {ConversationState.WaitingSql} GROUP BY queue_id"))
            .ToDictionary(w => w.QueueId);
        return queues.Select(q => new QueueDto(q.Id, q.Name, skills[q.Id].ToList(), agents[q.Id].ToList(),
            q.Acceptance ?? options.AcceptanceSeconds, q.PostProcessing ?? options.PostProcessingSeconds, q.Mandatory,
            waiting.TryGetValue(q.Id, out var w) ? w.Count : 0, waiting.TryGetValue(q.Id, out var o) ? o.Oldest : null)).ToList();
    }
}
