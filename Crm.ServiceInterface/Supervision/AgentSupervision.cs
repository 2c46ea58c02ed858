using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Supervision;

/// <summary>What a supervisor does to an agent (audited: who, when, what, why) and the agent's day as state intervals.</summary>
public sealed class AgentSupervision(RoutingStore store, CrmDb db, AgentsServices agents, TimeProvider time)
{
    private static readonly string[] SupervisorStates = [AgentState.Available, AgentState.OnBreak, AgentState.Offline];

    public async Task<AgentDto> SetStateAsync(long agentId, SetAgentStateBySupervisor request, long supervisorId, CancellationToken ct = default)
    {
        var to = string.IsNullOrWhiteSpace(request.State) ? null : AgentState.Canonical(request.State);
        var reason = string.IsNullOrWhiteSpace(request.ReasonCode) ? null : request.ReasonCode.Trim();
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        new Validation()
            .Required(request.State, "state", "Choose the state to set: Available, On Break or Offline.")
            .When(!string.IsNullOrWhiteSpace(request.State) && (to is null || !SupervisorStates.Contains(to)), "state",
                $"'{request.State}' is not a state a supervisor sets: Available, On Break or Offline.")
            .When(reason is not null && to != AgentState.OnBreak, "reasonCode", "A break reason goes only with On Break.")
            .MaxLength(reason, 100, "reasonCode", "The break reason")
            .MaxLength(note, 500, "note", "The note")
            .ThrowIfInvalid();

        await store.WriteAsync(async change =>
        {
            var c = change.Connection;
            const string isAgent = "SELECT user_id FROM user_roles WHERE user_id = @agentId AND role = 'Agent'";
            if (await c.ExecuteScalarAsync<long?>(isAgent, new { agentId }, change.Tx) is null)
                throw Problem.NotFound($"There is no agent {agentId}.");
            var name = await c.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE id = @agentId", new { agentId }, change.Tx);
            if (to == AgentState.Available && await c.ExecuteScalarAsync<long?>(
                    "SELECT disconnected_at FROM agent_presence WHERE user_id = @agentId", new { agentId }, change.Tx) is not null)
                throw Problem.Conflict($"{name}'s desktop is disconnected; they can take chats again once they are back.");
            var before = await AgentsServices.MoveAsync(change, agentId, to!, reason, StateCause.Supervisor, supervisorId);
            var after = await change.AgentAsync(agentId); // the break reason as admins spelled it
            var detail = $"{StateLabel(before.State, before.ReasonCode)} → {StateLabel(after.State, after.ReasonCode)}"
                + (note is null ? "" : $": {note}");
            await AuditLog.WriteAsync(c, change.Tx, supervisorId, "agent", agentId, AuditKinds.AgentStateSet, detail, change.Now);
        }, ct);
        return await agents.GetAsync(agentId, ct);
    }

    /// <summary>The agent's state intervals overlapping the window (default: today so far), oldest first.</summary>
    public async Task<AgentTimelineDto> TimelineAsync(long agentId, string? from, string? to, CancellationToken ct = default)
    {
        var now = time.NowMs();
        var validation = new Validation();
        var window = TimeWindow.Parse(from, to, TimeWindow.StartOfDay(now, time), now, time, validation);
        validation.ThrowIfInvalid();
        await using var c = await db.OpenAsync(ct);
        var name = await c.ExecuteScalarAsync<string?>(
            "SELECT u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent' WHERE u.id = @agentId", new { agentId })
            ?? throw Problem.NotFound($"There is no agent {agentId}.");
        var rows = await c.QueryAsync<IntervalRow>("""
            SELECT h.state, h.reason_code AS ReasonCode, h.started_at AS StartedAt, h.ended_at AS EndedAt, h.cause, u.display_name AS ChangedBy
            FROM agent_state_history h LEFT JOIN users u ON u.id = h.actor_id
            WHERE h.user_id = @agentId AND h.started_at < @To AND (h.ended_at IS NULL OR h.ended_at > @From)
            ORDER BY h.started_at, h.id
            """, new { agentId, window.From, window.To });
        var intervals = rows.Select(r => new StateIntervalDto(r.State, r.ReasonCode, r.StartedAt, r.EndedAt,
            MonitorServices.ParseCause(r.Cause) ?? StateCause.Agent, r.ChangedBy)).ToList();
        return new AgentTimelineDto(agentId, name, window.From, window.To, intervals);
    }

    internal static string StateLabel(string state, string? reason) => state switch
    {
        AgentState.OnBreak => reason is null ? "On Break" : $"On Break ({reason})",
        AgentState.PostProcessing => "Post processing",
        _ => state,
    };

    private sealed class IntervalRow
    {
        public string State { get; set; } = "";
        public string? ReasonCode { get; set; }
        public long StartedAt { get; set; }
        public long? EndedAt { get; set; }
        public string Cause { get; set; } = "";
        public string? ChangedBy { get; set; }
    }
}

/// <summary>The audit's kinds this feature writes and reads.</summary>
public static class AuditKinds
{
    /// <summary>A supervisor set an agent's state (audit_log action).</summary>
    public const string AgentStateSet = "agent.state-set";

    /// <summary>Any agent state change, from the state history.</summary>
    public const string AgentState = "agent-state";
}
