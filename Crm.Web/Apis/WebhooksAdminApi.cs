using Crm.ServiceInterface.Integrations;

namespace Crm.Web.Apis;

/// <summary>/api/admin/webhooks: outgoing webhooks, their recent deliveries, and sending one again.</summary>
public static class WebhooksAdminApi
{
    public static RouteGroupBuilder MapWebhooksAdminApi(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/admin/webhooks").WithTags("Outgoing webhooks").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        webhooks.MapGet("", WebhookEndpoints).WithSummary("Every registered endpoint; secrets only by their last characters.");
        webhooks.MapPost("", CreateWebhookEndpoint).WithSummary("Registers an endpoint: url, events, secret (16 to 200 characters), enabled.");
        webhooks.MapPut("/{id:long}", UpdateWebhookEndpoint).WithSummary("Changes an endpoint; a secret left out or null keeps the stored one.");
        webhooks.MapDelete("/{id:long}", DeleteWebhookEndpoint).WithSummary("Removes an endpoint and its deliveries: nothing more is sent to it.");
        webhooks.MapGet("/{id:long}/deliveries", WebhookDeliveries)
            .WithSummary($"The endpoint's last {WebhookEndpointsServices.RecentDeliveries} deliveries, newest first: status, response code, next retry.");
        webhooks.MapPost("/{id:long}/deliveries/{deliveryId:long}/redeliver", RedeliverWebhook)
            .WithSummary("Sends a delivery again now, with the same id and body (receivers dedupe on the id).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<WebhookEndpointDto>>> WebhookEndpoints(WebhookEndpointsServices webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.ListAsync(ct));

    private static async Task<Created<WebhookEndpointDto>> CreateWebhookEndpoint(SaveWebhookEndpoint? request, WebhookEndpointsServices webhooks,
        HttpContext http)
    {
        var endpoint = await webhooks.CreateAsync(request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/webhooks/{endpoint.Id}", endpoint);
    }

    private static async Task<Ok<WebhookEndpointDto>> UpdateWebhookEndpoint(long id, SaveWebhookEndpoint? request, WebhookEndpointsServices webhooks,
        HttpContext http) =>
        TypedResults.Ok(await webhooks.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> DeleteWebhookEndpoint(long id, WebhookEndpointsServices webhooks, HttpContext http)
    {
        await webhooks.DeleteAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<WebhookDeliveryDto>>> WebhookDeliveries(long id, WebhookEndpointsServices webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.DeliveriesAsync(id, ct));

    private static async Task<Ok<WebhookDeliveryDto>> RedeliverWebhook(long id, long deliveryId, WebhookEndpointsServices webhooks, HttpContext http) =>
        TypedResults.Ok(await webhooks.RedeliverAsync(id, deliveryId, http.User.UserId(), http.RequestAborted));
}
