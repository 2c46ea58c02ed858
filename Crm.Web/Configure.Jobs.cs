using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
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
        UseWriteAheadLog(connectionString);
        builder.Services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                s.UseSqlite(connectionString);
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
            });
            // Fixed identities: a restart replaces the stored job and trigger instead of adding another.
            q.AddJob<EventPruneJob>(j => j.WithIdentity(EventPruneJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(EventPruneJob.Key).WithIdentity(EventPruneJob.Trigger).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(EventPruneJob.Interval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHealthChecks().AddQuartz(o => o.Name = "scheduler");
        return builder;
    }

    // Every offer schedules a timer: WAL makes each of those commits one fsync instead of a rollback journal's several.
    private static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }
}
