using Crm.ServiceInterface.Integrations;
using Crm.Web.Apis;
using Scalar.AspNetCore;

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

    /// <summary>
    /// The browsable reference at /api-docs, on /openapi/v1.json. Its script is served from the package itself, and the CDN fonts and
    /// telemetry are off: it works on a server without internet access.
    /// </summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        // The AI chat and the deploy toolbar need Scalar's cloud: off, with the CDN fonts and telemetry.
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("CrmSuite API reference").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts().DisableTelemetry().DisableAgent().HideDeveloperTools()).AllowAnonymous();
        return app;
    }
}
