using Crm.ServiceInterface.Data;
using Quartz;

namespace Crm.Web;

public static class ConfigureJobs
{
    public const string DefaultConnection = "Data Source=../db/quartz.db";

    public static WebApplicationBuilder AddCrmJobs(this WebApplicationBuilder builder)
    {
        // Its own file: Quartz's in-process lock only covers its own connections.
        var connectionString = CrmDb.ResolveSqlitePath(
            builder.Configuration.GetConnectionString("Quartz") ?? DefaultConnection, builder.Environment.ContentRootPath);
        builder.Services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                s.UseSqlite(connectionString);
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
            });
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddQuartz(o => o.Name = "scheduler");
        return builder;
    }
}
