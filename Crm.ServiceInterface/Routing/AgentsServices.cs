using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;

namespace Crm.ServiceInterface.Routing;

/// <summary>Agents' states: what they choose, what the engine does to them, and who is there to take a transfer.</summary>
public sealed class AgentsServices(RoutingStore store, CrmDb db)
{
    public async Task<AgentDto> SetStateAsync(long agentId, SetAgentState request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.State)) throw Problem.Invalid("state", "Choose a state: Available, On Break or Offline.");
        var to = AgentState.Canonical(request.State)
            ?? throw Problem.Invalid("state", $"'{request.State}' is not a state an agent chooses: Available, OnBreak or Offline.");
        var reason = string.IsNullOrWhiteSpace(request.ReasonCode) ? null : request.ReasonCode.Trim();
        await store.WriteAsync(change => MoveAsync(change, agentId, to, reason, StateCause.Agent, null), ct);
        return await GetAsync(agentId, ct);
    }

    /// <summary>
    /// The checks every person's move shares: Offline only without chats, post processing held by a missing mandatory code;
    /// returns the agent as they were before the move.
    /// </summary>
    internal static async Task<AgentRow> MoveAsync(RoutingTx change, long agentId, string to, string? reason, StateCause cause, long? actorId)
    {
        var agent = await change.AgentAsync(agentId); // its own read: the move below does not change it
        if (to == AgentState.Offline && await change.LoadAsync(agentId) is var load and > 0)
            throw Problem.Conflict(cause == StateCause.Supervisor
                ? $"{agent.DisplayName} holds {load} chat{(load == 1 ? "" : "s")}; they can go Offline once these are finished or transferred."
                : "Finish or transfer your chats before going Offline.");
        if (agent.State == AgentState.PostProcessing && await MandatoryCodePendingAsync(change, agentId))
            throw Problem.Conflict(cause == StateCause.Supervisor
                ? $"{agent.DisplayName} still has to choose a transaction code in the wrap-up: the queue requires one."
                : "Choose a transaction code in the wrap-up first: this queue requires one.");
        await change.MoveAgentAsync(agentId, to, cause, to == AgentState.OnBreak ? await BreakReasonAsync(change, reason) : null, actorId: actorId);
        return agent;
    }

    /// <summary>The break reason as admins spelled it; none given: the first one offered. A reason not offered (or retired) is a 400.</summary>
    private static async Task<string> BreakReasonAsync(RoutingTx change, string? given)
    {
        var offered = (await change.Connection.QueryAsync<string>(
            "SELECT name FROM break_reasons WHERE active = 1 ORDER BY position, id", transaction: change.Tx)).ToList();
        if (offered.Count == 0) return given ?? "Break"; // none set up (all retired): any reason the agent gives
        if (given is null) return offered[0];
        return offered.FirstOrDefault(r => string.Equals(r, given, StringComparison.OrdinalIgnoreCase))
            ?? throw Problem.Invalid("reasonCode", $"'{given}' is not a break reason; choose one of {string.Join(", ", offered)}.");
    }

    /// <summary>An Offline agent who signs in is Offline from now: the timer counts from sign-in, not from when the account was made.</summary>
    public Task SignedInAsync(long agentId, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var agent = await change.AgentAsync(agentId); // a first sign-in creates the row, Offline since now
            if (agent.State != AgentState.Offline || agent.Since == change.Now) return;
            await change.Connection.ExecuteAsync($"UPDATE agent_states SET since = @Now WHERE user_id = @agentId AND state = {StateSql.Of(AgentState.Offline)}",
                new { agentId, change.Now }, change.Tx);
            var stateEvent = new AgentStateChanged(agentId, AgentState.Offline, null, change.Now, null, StateCause.Agent, null, null);
            await change.EventAsync(Audience.User(agentId), stateEvent);
            await change.EventAsync(Audience.Supervisors, stateEvent);
        }, ct);

    public async Task<AgentDto> GetAsync(long agentId, CancellationToken ct = default) =>
        (await ListAsync(agentId, ct)).SingleOrDefault() ?? throw Problem.NotFound($"There is no agent {agentId}.");

    /// <summary>Every agent with state, since-when and load; one agent when <paramref name="only"/> is given.</summary>
    public async Task<IReadOnlyList<AgentDto>> ListAsync(long? only = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<AgentListRow>($"""
            SELECT {AgentRosterRow.Columns}, s.post_processing_until AS PostProcessingUntil, COALESCE(p.can_reject, 0) AS CanReject,
                   (SELECT COUNT(*) FROM participations x WHERE x.agent_id = u.id AND x.state IN {ParticipationState.HeldSql}) AS Load
            FROM {AgentRosterRow.From}
            WHERE (@only IS NULL OR u.id = @only) AND u.deactivated_at IS NULL
            ORDER BY u.display_name
            """, new { only });
        var queues = (await c.QueryAsync<(long UserId, string Name)>(
                "SELECT m.user_id, q.name FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE @only IS NULL OR m.user_id = @only ORDER BY q.name",
                new { only }))
            .ToLookup(q => q.UserId, q => q.Name);
        return rows.Select(r => new AgentDto(r.Id, r.UserName, r.DisplayName, r.State, r.ReasonCode, r.Since, r.Load, r.Capacity,
            r.PostProcessingUntil, r.CanReject, queues[r.Id].ToList()) { MissedOffer = MissedOffers.Of(r.State, r.ReasonCode) }).ToList();
    }

    public Task EndPostProcessingOnTimerAsync(long agentId, CancellationToken ct = default) => EndPostProcessingAsync(store, agentId, ct);

    /// <summary>Post processing's time is up: back to Available, unless a mandatory transaction code is still missing (8x8).</summary>
    internal static Task EndPostProcessingAsync(RoutingStore store, long agentId, CancellationToken ct) =>
        store.WriteAsync(async change =>
        {
            var agent = await change.AgentAsync(agentId);
            if (agent.State != AgentState.PostProcessing || agent.PostProcessingUntil > change.Now) return;
            if (await MandatoryCodePendingAsync(change, agentId)) return;
            await change.MoveAgentAsync(agentId, AgentState.Available, StateCause.Timer);
        }, ct);

    internal static async Task<bool> MandatoryCodePendingAsync(RoutingTx change, long agentId) =>
        await change.Connection.ExecuteScalarAsync<long?>($"""
            SELECT p.id FROM participations p JOIN conversations v ON v.id = p.conversation_id JOIN queues q ON q.id = v.queue_id
            WHERE p.agent_id = @agentId AND p.state = {StateSql.Of(ParticipationState.WrapUp)} AND q.transaction_codes_mandatory = 1 LIMIT 1
            """, new { agentId }, change.Tx) is not null;

    private sealed class AgentListRow : AgentRosterRow
    {
        public long? PostProcessingUntil { get; set; }
        public bool CanReject { get; set; }
        public int Load { get; set; }
    }
}
