using Crm.ServiceInterface.Reports;

namespace Crm.Web;

/// <summary>Reports: read-only services over the stored history.</summary>
public static class ConfigureReports
{
    public static WebApplicationBuilder AddCrmReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportFacts>();
        builder.Services.AddSingleton<RollupFacts>();
        builder.Services.AddSingleton<ReportRollupRebuild>();
        builder.Services.AddHostedService<ReportRollupStartup>();
        builder.Services.AddSingleton<AgentActivity>();
        builder.Services.AddSingleton<ReportsServices>();
        return builder;
    }

    /// <summary>
    /// <c>Crm.Web --rebuild-report-rollup</c>: migrates, fills the rollup for every settled conversation without a row, prints how many,
    /// and exits (no sign-in, no server started). Safe to run again, or beside a running app.
    /// </summary>
    public static async Task<bool> RebuildReportRollupIfAskedAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains("--rebuild-report-rollup")) return false;
        var options = app.Services.GetRequiredService<Crm.ServiceInterface.Data.CrmDbOptions>();
        await app.Services.GetRequiredService<Crm.ServiceInterface.Data.Migrator>()
            .MigrateAsync(Crm.ServiceInterface.Data.Migrator.Embedded(options.Provider));
        var written = await app.Services.GetRequiredService<ReportRollupRebuild>().RebuildAsync();
        Console.WriteLine($"Report rollup: {written} settled conversations rolled up.");
        return true;
    }
}

/// <summary>At start-up, after the migrations and before requests: settled conversations without a rollup row get one.</summary>
public sealed class ReportRollupStartup(ReportRollupRebuild rebuild) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => rebuild.RebuildAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
