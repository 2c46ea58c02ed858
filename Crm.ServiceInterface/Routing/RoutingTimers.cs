using Quartz;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// The persistent Quartz jobs of routing: the sends of queued replies to social channels. Acceptance intervals and ends of
/// post processing are stored deadlines instead (<see cref="RoutingDeadlines"/>): a Quartz job per offer cost more server
/// CPU than the rest of the offer; their job classes below remain for the jobs that earlier versions stored.
/// </summary>
public sealed class RoutingTimers(ISchedulerFactory schedulers)
{
    private const string Group = "routing";

    /// <summary>Sends (or retries) one queued reply to its social channel; one job per message, so it is never sent twice at once.</summary>
    public Task ScheduleOutboxAsync(long messageId, long at, int attempt = 0) =>
        ScheduleAsync<Crm.ServiceInterface.Channels.OutboxSendJob>($"outbox-{messageId}", at,
            new JobDataMap
            {
                [Crm.ServiceInterface.Channels.OutboxSendJob.MessageKey] = messageId,
                [Crm.ServiceInterface.Channels.OutboxSendJob.AttemptKey] = attempt,
            });

    /// <summary>Re-arms the send of a queued reply whose job is gone (the process died between the commit and the scheduling).</summary>
    public async Task EnsureOutboxAsync(long messageId, long at, int attempt = 0)
    {
        var scheduler = await schedulers.GetScheduler();
        if (!await scheduler.Exists(new JobKey($"outbox-{messageId}", Group)))
            await ScheduleOutboxAsync(messageId, at, attempt);
    }

    private async Task ScheduleAsync<TJob>(string name, long at, JobDataMap data) where TJob : IJob
    {
        var scheduler = await schedulers.GetScheduler();
        var job = JobBuilder.Create<TJob>().WithIdentity(name, Group).UsingJobData(data).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, Group).StartAt(DateTimeOffset.FromUnixTimeMilliseconds(at))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing);
    }
}

/// <summary>
/// (Stored by earlier versions.) The acceptance interval ran out: the offer lapses, the agent goes On Break or RONA,
/// the chat goes back to its queue.
/// </summary>
public sealed class OfferLapseJob(RoutingEngine engine) : IJob
{
    public const string ParticipationKey = "participationId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await engine.LapseAsync(context.MergedJobDataMap.GetLong(ParticipationKey), ct);
}

/// <summary>
/// (Stored by earlier versions.) Post processing's timer ran out: the agent is Available again
/// (unless a mandatory transaction code is still missing).
/// </summary>
public sealed class PostProcessingEndJob(AgentsServices agents) : IJob
{
    public const string AgentKey = "agentId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await agents.EndPostProcessingOnTimerAsync(context.MergedJobDataMap.GetLong(AgentKey), ct);
}
