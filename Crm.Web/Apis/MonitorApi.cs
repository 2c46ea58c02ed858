using Crm.ServiceInterface.Supervision;

namespace Crm.Web.Apis;

/// <summary>The supervisor's workspace: the live monitor, acting on agents, agents' timelines, the audit.</summary>
public static class MonitorApi
{
    public static RouteGroupBuilder MapMonitorApi(this RouteGroupBuilder api)
    {
        var supervisors = api.MapGroup("").WithTags("Monitor").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        supervisors.MapGet("/monitor", Monitor)
            .WithSummary("Every agent (state, time in state, chats held, today's offers and handle time, connected) and queue (waiting, " +
                "service level); live through agent-state and agent-presence events.");
        supervisors.MapPut("/agents/{id:long}/state", SetState)
            .WithSummary("A supervisor sets an agent Available, OnBreak (with a break reason) or Offline (only when they hold no chats); " +
                "audited with the note.");
        supervisors.MapGet("/audit", Audit).WithSummary(
            "Audited actions and agent state changes, newest first; filter by actor (user name), kind, from, to (ISO 8601 dates or instants).");
        supervisors.MapGet("/audit/kinds", AuditKinds).WithSummary("The kinds the audit can be filtered by.");

        api.MapGet("/agents/{id:long}/timeline", Timeline).WithTags("Monitor")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("An agent's state intervals (state, reason, from, to, cause) overlapping from..to (default today); " +
                "supervisors see anyone's, an agent their own.");
        return api;
    }

    private static async Task<Ok<MonitorDto>> Monitor(MonitorServices monitor, CancellationToken ct) => TypedResults.Ok(await monitor.GetAsync(ct));

    private static async Task<Ok<AgentDto>> SetState(long id, SetAgentStateBySupervisor request, AgentSupervision supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.SetStateAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<AgentTimelineDto>> Timeline(long id, string? from, string? to, AgentSupervision supervision, HttpContext http)
    {
        var supervisor = http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin);
        if (!supervisor && id != http.User.UserId()) throw Problem.Forbidden("Only supervisors see another agent's timeline.");
        return TypedResults.Ok(await supervision.TimelineAsync(id, from, to, http.RequestAborted));
    }

    private static async Task<Ok<IReadOnlyList<AuditRecordDto>>> Audit(string? actor, string? kind, string? from, string? to, int? limit,
        AuditServices audit, CancellationToken ct) => TypedResults.Ok(await audit.ListAsync(actor, kind, from, to, limit, ct));

    private static async Task<Ok<IReadOnlyList<string>>> AuditKinds(AuditServices audit, CancellationToken ct) => TypedResults.Ok(await audit.KindsAsync(ct));
}
