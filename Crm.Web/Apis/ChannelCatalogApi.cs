using Crm.ServiceInterface.Channels;

namespace Crm.Web.Apis;

/// <summary>The channel catalog every page reads its channel names, filters, entry-point kinds and setting cards from.</summary>
public static class ChannelCatalogApi
{
    public static RouteGroupBuilder MapChannelCatalogApi(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("/channels").WithTags("Channels")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin, Roles.BackOffice));
        staff.MapGet("/catalog", Catalog)
            .WithSummary("Every channel: its name and label, private messages and public posts, messaging window, entry-point kinds and admin card.");
        return api;
    }

    private static Ok<ChannelCatalogDto> Catalog() => TypedResults.Ok(ChannelCatalog.ToDto());
}
