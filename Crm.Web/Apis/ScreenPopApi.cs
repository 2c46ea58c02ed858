using Crm.ServiceInterface.Customers;

namespace Crm.Web.Apis;

public static class ScreenPopApi
{
    public static RouteGroupBuilder MapScreenPopApi(this RouteGroupBuilder api)
    {
        api.MapGet("/screenpop", Get).WithTags("Customers")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.BackOffice, Roles.Admin))
            .WithSummary("The customer card with recent cases and contact history, the candidates to pick from, or a new-customer form.");
        return api;
    }

    private static async Task<Ok<ScreenPop>> Get(ScreenPopServices screenPop, string channel, string address, string? name, CancellationToken ct) =>
        TypedResults.Ok(await screenPop.GetAsync(channel, address, name, ct));
}
