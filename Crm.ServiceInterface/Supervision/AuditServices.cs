using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Supervision;

/// <summary>The audit for supervisors: every audited action (who, when, what, why) and every agent state change, newest first.</summary>
public sealed class AuditServices(CrmDb db, TimeProvider time)
{
    private const int DefaultLimit = 200, MaxLimit = 1000;

    public async Task<IReadOnlyList<AuditRecordDto>> ListAsync(string? actor, string? kind, string? from, string? to, int? limit,
        CancellationToken ct = default)
    {
        var now = time.NowMs();
        var validation = new Validation().Range(limit, 1, MaxLimit, "limit", $"Ask for between 1 and {MaxLimit:N0} lines.");
        var window = TimeWindow.Parse(from, to, now - 7 * 86_400_000L, now + 1, time, validation);
        validation.MaxLength(actor, 100, "actor", "The actor's user name").MaxLength(kind, 100, "kind", "The kind").ThrowIfInvalid();
        var take = limit ?? DefaultLimit;
        var args = new { window.From, window.To, kind = Blank(kind), actor = Blank(actor)?.ToLowerInvariant(), take };

        await using var c = await db.OpenAsync(ct);
        var logged = await c.QueryAsync<LogRow>("""
            SELECT a.created_at AS At, a.action AS Kind, u.user_name AS Actor, u.display_name AS ActorName, a.entity AS Entity, a.entity_id AS EntityId,
                   CASE WHEN a.entity IN ('agent', 'user') THEN t.display_name END AS Subject, a.detail AS Detail
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users t ON t.id = a.entity_id
            WHERE a.created_at >= @From AND a.created_at < @To AND (@kind IS NULL OR a.action = @kind)
              AND (@actor IS NULL OR lower(u.user_name) = @actor)
            ORDER BY a.created_at DESC, a.id DESC LIMIT @take
            """, args);
        var states = args.kind is null or AuditKinds.AgentState ? await c.QueryAsync<StateRow>("""
            SELECT h.started_at AS At, h.state, h.reason_code AS ReasonCode, h.cause, h.user_id AS AgentId, t.display_name AS AgentName,
                   COALESCE(s.user_name, CASE WHEN h.cause = 'Agent' THEN t.user_name END) AS Actor,
                   COALESCE(s.display_name, CASE WHEN h.cause = 'Agent' THEN t.display_name END) AS ActorName
            FROM agent_state_history h JOIN users t ON t.id = h.user_id LEFT JOIN users s ON s.id = h.actor_id
            WHERE h.started_at >= @From AND h.started_at < @To
              AND (@actor IS NULL OR lower(COALESCE(s.user_name, CASE WHEN h.cause = 'Agent' THEN t.user_name END)) = @actor)
            ORDER BY h.started_at DESC, h.id DESC LIMIT @take
            """, args) : [];
        return logged.Select(l => new AuditRecordDto(l.At, l.Kind, l.Actor, l.ActorName, l.Entity, l.EntityId, l.Subject, l.Detail))
            .Concat(states.Select(s => new AuditRecordDto(s.At, AuditKinds.AgentState, s.Actor, s.ActorName, "agent", s.AgentId, s.AgentName,
                $"{AgentSupervision.StateLabel(s.State, s.ReasonCode)} ({CauseLabel(s.Cause)})")))
            .OrderByDescending(r => r.At).Take(take).ToList();
    }

    /// <summary>The kinds there are to filter by: every audited action so far and agent state changes.</summary>
    public async Task<IReadOnlyList<string>> KindsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var kinds = await c.QueryAsync<string>("SELECT DISTINCT action FROM audit_log ORDER BY action");
        return kinds.Append(AuditKinds.AgentState).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string CauseLabel(string cause) => MonitorServices.ParseCause(cause) switch
    {
        StateCause.Agent => "by the agent",
        StateCause.Supervisor => "by a supervisor",
        StateCause.Reject => "rejected a chat",
        StateCause.Lapse => "missed a chat",
        StateCause.ChatEnded => "a chat ended",
        StateCause.Timer => "post processing ran out",
        StateCause.Disconnect => "desktop disconnected",
        _ => cause,
    };

    private sealed class LogRow
    {
        public long At { get; set; }
        public string Kind { get; set; } = "";
        public string? Actor { get; set; }
        public string? ActorName { get; set; }
        public string Entity { get; set; } = "";
        public long EntityId { get; set; }
        public string? Subject { get; set; }
        public string? Detail { get; set; }
    }

    private sealed class StateRow
    {
        public long At { get; set; }
        public string State { get; set; } = "";
        public string? ReasonCode { get; set; }
        public string Cause { get; set; } = "";
        public long AgentId { get; set; }
        public string AgentName { get; set; } = "";
        public string? Actor { get; set; }
        public string? ActorName { get; set; }
    }
}
