using Crm.ServiceInterface.Channels;

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
        return builder;
    }
}
