using System.Threading.RateLimiting;
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
        services.AddSingleton<ConversationsServices>();
        services.AddSingleton<QueuesServices>();
        services.AddSingleton<WrapUpCatalog>();
        services.AddSingleton<InboundMessages>();
        services.AddSingleton<WebChatServices>();
        services.AddHostedService<RoutingDispatcher>();

        var starts = builder.Configuration.GetValue("Crm:WebChat:RequestsPerMinute", 600);
        services.AddRateLimiter(o => o.AddPolicy(WebChatApi.RateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = starts, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    public static RouteGroupBuilder MapRoutingApis(this RouteGroupBuilder api)
    {
        api.MapAgentsApi();
        api.MapQueuesApi();
        api.MapConversationsApi();
        api.MapWebChatApi();
        api.MapKeywordFiltersApi();
        return api;
    }
}
