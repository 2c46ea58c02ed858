using Crm.ServiceInterface.Supervision;
using Crm.Web.Apis;

namespace Crm.Web;

/// <summary>The supervisor's monitor: services and the presence sweep (its pushed events are documented with the others, in OpenApiEvents).</summary>
public static class ConfigureMonitor
{
    public static WebApplicationBuilder AddCrmMonitor(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Crm:Monitor").Get<MonitorOptions>() ?? new MonitorOptions());
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<MonitorServices>();
        services.AddSingleton<AgentSupervision>();
        services.AddSingleton<AuditServices>();
        services.AddHostedService<PresenceSweep>();
        return builder;
    }
}
