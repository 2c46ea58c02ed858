using Crm.ServiceInterface.Routing;
using Crm.Web.Apis;

namespace Crm.Web;

public static class ConfigureRouting
{
    public static WebApplicationBuilder AddCrmRouting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Crm:Routing").Get<RoutingOptions>() ?? new RoutingOptions());
        services.AddSingleton<RoutingSignal>();
        services.AddSingleton<InboxWatch>();
        services.AddSingleton<RoutingTimers>();
        services.AddSingleton<RoutingDeadlines>();
        services.AddSingleton<RoutingStore>();
        services.AddSingleton<RoutingEngine>();
        services.AddSingleton<AgentsServices>();
        services.AddSingleton<QueuesServices>();
        services.AddHostedService<RoutingDispatcher>();
        return builder;
    }

    public static RouteGroupBuilder MapRoutingApis(this RouteGroupBuilder api)
    {
        api.MapAgentsApi();
        api.MapQueuesApi();
        return api;
    }
}
