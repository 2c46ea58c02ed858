using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;

namespace Crm.Web;

/// <summary>Several nodes on one PostgreSQL database (issue 13): what each node does when another says something changed.</summary>
public static class ConfigureCluster
{
    public static WebApplicationBuilder AddCrmCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ClusterBus>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterBus>());
        builder.Services.AddHostedService<ClusterWiring>();
        return builder;
    }
}

/// <summary>Another node committed events, changed a queue or saved channel settings: this node's streams, Inboxes and channels follow.</summary>
public sealed class ClusterWiring(ClusterBus cluster, EventLog events, InboxWatch inbox, ChannelSettingsServices channels, ILogger<ClusterWiring> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        cluster.Subscribe(ClusterSignal.Events, events.Signal);
        cluster.Subscribe(ClusterSignal.Inbox, inbox.Touch);
        cluster.Subscribe(ClusterSignal.Settings, () => _ = ApplyChannelSettingsAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task ApplyChannelSettingsAsync()
    {
        try { await channels.ApplyAsync(); }
        catch (Exception ex) { logger.LogError(ex, "Channel settings saved on another node could not be put in force here."); }
    }
}
