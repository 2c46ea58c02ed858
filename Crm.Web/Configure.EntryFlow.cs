using Crm.ServiceInterface.EntryFlow;
using Crm.Web.Apis;

namespace Crm.Web;

/// <summary>The entry flow before the queue (issue 11): entry points, business hours, special days, emergency, bot.</summary>
public static class ConfigureEntryFlow
{
    public static WebApplicationBuilder AddCrmEntryFlow(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Crm:EntryFlow").Get<EntryFlowOptions>() ?? new EntryFlowOptions();
        services.AddSingleton(options);
        services.AddSingleton<EntryFlowTimers>();
        services.AddSingleton<EntryFlowSettingsCache>();
        services.AddSingleton<EntryFlowEngine>();
        services.AddSingleton<ExternalBot>();
        services.AddSingleton<BusinessHoursAdmin>();
        services.AddSingleton<EntryPointsAdmin>();
        services.AddSingleton<HeldChats>();
        services.AddHttpClient(ExternalBot.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(options.BotTimeoutSeconds));
        return builder;
    }

    public static RouteGroupBuilder MapEntryFlowApis(this RouteGroupBuilder api) => api.MapEntryFlowApi();
}
