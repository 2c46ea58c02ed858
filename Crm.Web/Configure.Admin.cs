using Crm.ServiceInterface.Admin;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Crm.Web.Apis;

namespace Crm.Web;

public static class ConfigureAdmin
{
    public static WebApplicationBuilder AddCrmAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<QueueAdminServices>();
        services.AddSingleton<AgentProfilesServices>();
        services.AddSingleton<CatalogServices>();
        services.AddSingleton<FaqServices>();
        // After the database's start-up (registered earlier), so the table is there.
        services.AddHostedService<BreakReasonsStartup>();
        return builder;
    }

    public static RouteGroupBuilder MapAdminApis(this RouteGroupBuilder api) => api.MapAdministrationApi();
}

/// <summary>Break reasons used to be the Crm:Routing:BreakReasons setting: the first start copies it into the database, once.</summary>
public sealed class BreakReasonsStartup(CrmDb db, RoutingOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM break_reasons", transaction: tx) > 0) return;
            var position = 0;
            var names = (options.BreakReasons ?? RoutingOptions.DefaultBreakReasons).Select(r => r.Trim()).Where(r => r.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
                await c.ExecuteAsync("INSERT INTO break_reasons (name, active, position) VALUES (@name, 1, @position)",
                    new { name, position = ++position }, tx);
        }, ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
