using Crm.ServiceInterface.Supervision;
using Crm.Web.Apis;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web;

/// <summary>The supervisor's monitor: services, the presence sweep, and the pushed events' schemas in OpenAPI.</summary>
public static class ConfigureMonitor
{
    /// <summary>Every record the monitor is pushed over /api/events, by event name.</summary>
    private static readonly (string Event, Type Type)[] PushedEvents =
    [
        (MonitorEvents.AgentState, typeof(AgentStateChanged)),
        (MonitorEvents.AgentPresence, typeof(AgentPresenceChanged)),
    ];

    public static WebApplicationBuilder AddCrmMonitor(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Crm:Monitor").Get<MonitorOptions>() ?? new MonitorOptions());
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<MonitorServices>();
        services.AddSingleton<AgentSupervision>();
        services.AddSingleton<AuditServices>();
        services.AddHostedService<PresenceSweep>();
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer(DescribePushedEventsAsync));
        return builder;
    }

    // SSE payloads are not an endpoint's response: their schemas are added to the document so the client's types cover them too.
    private static async Task DescribePushedEventsAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, type) in PushedEvents)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
            schema.Description = $"Pushed on /api/events as the \"{name}\" event.";
            document.Components.Schemas[type.Name] = schema;
        }
    }
}
