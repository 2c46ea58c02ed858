using Crm.ServiceInterface.Admin;
using Crm.ServiceInterface.Routing;

namespace Crm.Web.Apis;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapGet("", List).RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("Every agent with state, since-when and load (supervisors); the agents available for a transfer (agents).");
        agents.MapGet("/me", Me).RequireAuthorization(p => p.RequireRole(Roles.Agent)).WithSummary("The signed-in agent's state and load.");
        agents.MapGet("/me/offers", Offers).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("The chats offered to the signed-in agent and not yet accepted, with their screen pops (after a reload).");
        agents.MapGet("/break-reasons", BreakReasons).RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("The break reasons an agent picks when going On Break, in the admins' order.");
        agents.MapPut("/me/state", SetState).RequireAuthorization(p => p.RequireRole(Roles.Agent))
            .WithSummary("Available, OnBreak (with a reason code) or Offline; also ends post processing.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AgentDto>>> List(AgentsServices agents, HttpContext http)
    {
        var all = await agents.ListAsync(ct: http.RequestAborted);
        var supervisor = http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin);
        return TypedResults.Ok(supervisor ? all : ForTransfer(all, http.User.UserId()));
    }

    // Agents see who could take a transfer or a conference: everyone else who is Available.
    private static IReadOnlyList<AgentDto> ForTransfer(IReadOnlyList<AgentDto> all, long me) =>
        all.Where(a => a.Id != me && a.State == AgentState.Available).ToList();

    private static async Task<Ok<IReadOnlyList<OfferDto>>> Offers(RoutingEngine engine, HttpContext http) =>
        TypedResults.Ok(await engine.PendingOffersAsync(http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<string>>> BreakReasons(CatalogServices catalogs, CancellationToken ct) =>
        TypedResults.Ok(await catalogs.ActiveNamesAsync(Catalog.BreakReasons, ct));

    private static async Task<Ok<AgentDto>> Me(AgentsServices agents, HttpContext http) =>
        TypedResults.Ok(await agents.GetAsync(http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<AgentDto>> SetState(SetAgentState request, AgentsServices agents, HttpContext http) =>
        TypedResults.Ok(await agents.SetStateAsync(http.User.UserId(), request, http.RequestAborted));
}
