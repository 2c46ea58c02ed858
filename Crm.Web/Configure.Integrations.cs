using Crm.ServiceInterface.Integrations;
using Crm.Web.Apis;

namespace Crm.Web;

/// <summary>Integrations: outgoing webhooks (the outbox's sweep and sender) and the browsable API reference.</summary>
public static class ConfigureIntegrations
{
    public static WebApplicationBuilder AddCrmIntegrations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Crm:Webhooks").Get<WebhookOptions>() ?? new WebhookOptions());
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookTimers>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookEndpointsServices>();
        services.AddHostedService<WebhookSweep>();
        // Redirects are not followed: a receiver's address is the one an admin typed, not wherever it points to next.
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }

    public static RouteGroupBuilder MapIntegrationsApis(this RouteGroupBuilder api) => api.MapWebhooksAdminApi();
}
