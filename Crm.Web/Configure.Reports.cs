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

/// <summary>
/// After start-up, beside the requests: settled conversations without a rollup row get one. Reports read such conversations live
/// meanwhile, so their figures are whole from the first request; an upgrade of a large database does not hold the server's start.
/// </summary>
public sealed class ReportRollupStartup(ReportRollupRebuild rebuild, ILogger<ReportRollupStartup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            await rebuild.RebuildAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // Another node rolling up the same rows, or the database away: the rows are filled at the next start; reports stay whole.
            log.LogWarning(ex, "The report rollup's start-up fill stopped; the conversations left are read live until the next start.");
        }
    }
}
