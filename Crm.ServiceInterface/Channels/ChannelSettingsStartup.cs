using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// Puts the admin's saved channel settings in force at start-up. Tried in StartingAsync, before any hosted service starts
/// (so the scheduler's first outbox job already sends with them), and again in StartAsync, after the migrations ran: a
/// brand-new database has no settings table until then.
/// </summary>
public sealed class ChannelSettingsStartup(ChannelSettingsServices channels, ILogger<ChannelSettingsStartup> logger) : IHostedLifecycleService
{
    private bool applied;

    public async Task StartingAsync(CancellationToken ct)
    {
        try
        {
            await channels.ApplyAsync(ct);
            applied = true;
        }
        catch (DbException ex)
        {
            logger.LogDebug(ex, "Saved channel settings not read before the migrations; trying again after them.");
        }
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (!applied) await channels.ApplyAsync(ct);
    }

    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class ChannelSettingsRegistration
{
    /// <summary>The channels admin: its service, Crm:PublicBaseUrl, and the start-up step that loads saved settings.</summary>
    public static IServiceCollection AddChannelSettings(this IServiceCollection services, IConfiguration configuration)
    {
        var publicBaseUrl = configuration["Crm:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(publicBaseUrl) && ChannelSettingsCatalog.CheckBaseUrl("Crm:PublicBaseUrl", publicBaseUrl) is { } problem)
            throw new InvalidOperationException(problem);
        services.AddSingleton(new ChannelSettingsOptions { PublicBaseUrl = string.IsNullOrWhiteSpace(publicBaseUrl) ? null : publicBaseUrl.TrimEnd('/') });
        services.AddSingleton<ChannelSettingsServices>();
        services.AddHostedService<ChannelSettingsStartup>();
        return services;
    }
}
