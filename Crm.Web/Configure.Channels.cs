using System.Threading.RateLimiting;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WebChat;
using Crm.Web.Apis;

namespace Crm.Web;

public static class ConfigureChannels
{
    public static WebApplicationBuilder AddCrmChannels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Channels").Get<ChannelsOptions>() ?? new ChannelsOptions());
        services.AddSingleton(builder.Configuration.GetSection("Channels:Outbox").Get<OutboxOptions>() ?? new OutboxOptions());
        services.AddSingleton<ChannelRegistry>();
        services.AddSingleton<ChannelInbox>();
        services.AddSingleton<MessageStatuses>();
        services.AddSingleton<ChannelOutbox>();
        services.AddSingleton<PublicPosts>();
        services.AddHttpClient(ChannelOutbox.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddChannelSettings(builder.Configuration); // admin page "Channels"; loads saved settings into ChannelRegistry at start-up
        services.AddSingleton<WebChatServices>();
        var starts = builder.Configuration.GetValue("Crm:WebChat:RequestsPerMinute", 600);
        services.AddRateLimiter(o => o.AddPolicy(WebChatApi.RateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = starts, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    public static RouteGroupBuilder MapChannelApis(this RouteGroupBuilder api)
    {
        api.MapWebChatApi();
        api.MapPublicPostsApi();
        api.MapChannelsAdminApi();
        api.MapChannelCatalogApi();
        return api;
    }
}
