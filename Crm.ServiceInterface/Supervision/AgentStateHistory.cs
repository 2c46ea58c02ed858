using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Supervision;

/// <summary>Agents' state intervals, stored as they happen: the timeline on the monitor and the audit read them.</summary>
internal static class AgentStateHistory
{
    /// <summary>
    /// Closes the agent's open interval and opens the new one, inside the state change's transaction; a move that changes
    /// neither state nor reason (another chat ended in post processing) keeps the interval. Returns the actor's display name.
    /// </summary>
    public static async Task<string?> RecordAsync(RoutingTx change, AgentRow before, string to, string? reason, StateCause cause, long? actorId)
    {
        var c = change.Connection;
        var actorName = actorId is { } id
            ? await c.ExecuteScalarAsync<string?>("SELECT display_name FROM users WHERE id = @id", new { id }, change.Tx)
            : null;
        if (before.State == to && before.ReasonCode == reason) return actorName;
        await c.ExecuteAsync("""
            UPDATE agent_state_history SET ended_at = @Now WHERE user_id = @UserId AND ended_at IS NULL;
            INSERT INTO agent_state_history (user_id, state, reason_code, cause, actor_id, started_at)
            VALUES (@UserId, @to, @reason, @cause, @actorId, @Now);
            """, new { before.UserId, to, reason, cause = cause.ToString(), actorId, change.Now }, change.Tx);
        return actorName;
    }
}
