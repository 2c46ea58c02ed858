using Crm.ServiceInterface.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.ServiceInterface.Events;

/// <summary>Deletes events older than Crm:Events:RetentionHours (default 24): a client away longer than that reloads its state anyway.</summary>
[DisallowConcurrentExecution]
public sealed class EventPruneJob(CrmDb db, TimeProvider time, IConfiguration config, ILogger<EventPruneJob> logger) : IJob
{
    public static readonly JobKey Key = new("events-prune", "events");
    public static readonly TriggerKey Trigger = new("events-prune-hourly", "events");
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    // Batches keep each write lock short, so the routing engine never waits behind a big delete.
    private const int Batch = 5000;

    public TimeSpan Retention => TimeSpan.FromHours(config.GetValue("Crm:Events:RetentionHours", 24.0));

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var deleted = await PruneAsync(ct);
        if (deleted > 0) logger.LogInformation("Pruned {Count} events older than {Retention}", deleted, Retention);
    }

    /// <summary>Deletes every event created before now minus the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        var cutoff = time.NowMs() - (long)Retention.TotalMilliseconds;
        var total = 0;
        while (true)
        {
            // Ids grow with time, so the oldest-first scan stops as soon as it has a batch.
            var deleted = await db.InTransactionAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < @cutoff ORDER BY id LIMIT @Batch)",
                new { cutoff, Batch }, tx, cancellationToken: ct)), ct);
            total += deleted;
            if (deleted < Batch) return total;
        }
    }
}
