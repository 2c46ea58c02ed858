using Quartz;

namespace Crm.ServiceInterface.Channels;

/// <summary>Sends one queued reply (and reschedules itself with backoff on a failure worth retrying).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxSendJob(ChannelOutbox outbox) : IJob
{
    public const string MessageKey = "messageId", AttemptKey = "attempt";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await outbox.DeliverAsync(context.MergedJobDataMap.GetLong(MessageKey), context.MergedJobDataMap.GetInt(AttemptKey), ct);
}
