using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Quartz;

namespace Crm.Web;

public static class ConfigureJobs
{
    public const string DefaultConnection = "Data Source=../db/quartz.db";

    /// <summary>On PostgreSQL, Quartz's tables live in this schema of the CRM database (created by the migrations).</summary>
    public const string PostgresSchema = "quartz";

    public static WebApplicationBuilder AddCrmJobs(this WebApplicationBuilder builder)
    {
        var postgres = builder.Configuration["Crm:Db:Provider"] == SqlDialect.PostgresName;
        // SQLite: its own file, as Quartz's in-process lock only covers its own connections. PostgreSQL: the CRM database, clustered.
        var connectionString = postgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Crm")) { SearchPath = PostgresSchema }.ToString()
            : CrmDb.ResolveSqlitePath(builder.Configuration.GetConnectionString("Quartz") ?? DefaultConnection, builder.Environment.ContentRootPath);
        if (!postgres) UseWriteAheadLog(connectionString);
        var clustering = builder.Configuration.GetSection("Crm:Jobs").Get<ClusterJobOptions>() ?? new ClusterJobOptions();
        builder.Services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                if (postgres)
                {
                    s.UsePostgres(connectionString);
                    // A node that stops checking in is dead after the threshold: another node fires its due timers, once.
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(clustering.CheckinSeconds);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(clustering.CheckinMisfireSeconds);
                    });
                }
                else s.UseSqlite(connectionString);
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

    /// <summary>Crm:Jobs: how soon, on PostgreSQL, the other nodes take over the timers of a node that died.</summary>
    public sealed class ClusterJobOptions
    {
        public double CheckinSeconds { get; set; } = 5;
        public double CheckinMisfireSeconds { get; set; } = 10;
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
