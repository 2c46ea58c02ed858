using Crm.ServiceInterface.Channels;

namespace Crm.Web.Apis;

/// <summary>Admin page "Channels": settings (secrets write-only), the webhook URL to paste, and a credential check.</summary>
public static class ChannelsAdminApi
{
    public static RouteGroupBuilder MapChannelsAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/channels").WithTags("Channels").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("", List)
            .WithSummary("Each social channel's settings in force (secrets only as whether they are set) and the webhook URL to paste at the platform.");
        admin.MapPut("/{channel}", Save)
            .WithSummary("Saves a channel's settings over the configuration, in force at once: a secret left out or null is kept, \"\" clears it.");
        admin.MapPost("/{channel}/check", Check)
            .WithSummary("Calls the platform's \"who am I\" endpoint with the credentials in force; a refusal is ok=false with the platform's words.");
        return api;
    }

    private static Ok<IReadOnlyList<ChannelAdminView>> List(ChannelSettingsServices channels, HttpContext http) =>
        TypedResults.Ok(channels.List(RequestBaseUrl(http)));

    private static async Task<Ok<ChannelAdminView>> Save(string channel, SaveChannelSettings request, ChannelSettingsServices channels, HttpContext http) =>
        TypedResults.Ok(await channels.SaveAsync(channel, request, RequestBaseUrl(http), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ChannelCheckResult>> Check(string channel, ChannelSettingsServices channels, CancellationToken ct) =>
        TypedResults.Ok(await channels.CheckAsync(channel, ct));

    /// <summary>The scheme and host the admin reached us on: the webhook base when Crm:PublicBaseUrl is not set.</summary>
    private static string RequestBaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
