using Quartz;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Every routing timer is a persistent Quartz job: the acceptance interval of an offer and the end of post processing.
/// Jobs are set right after the change commits and do nothing when they find it already settled (an accepted offer's job is
/// left to fire and find nothing: deleting it costs more than the no-op); the dispatcher's sweep
/// settles anything overdue whose job was never set (the process died in between).
/// </summary>
public sealed class RoutingTimers(ISchedulerFactory schedulers)
{
    private const string Group = "routing";

    public Task ScheduleOfferLapseAsync(long participationId, long at) =>
        ScheduleAsync<OfferLapseJob>($"offer-{participationId}", at, new JobDataMap { [OfferLapseJob.ParticipationKey] = participationId });

    /// <summary>Sends (or retries) one queued reply to its social channel; one job per message, so it is never sent twice at once.</summary>
    public Task ScheduleOutboxAsync(long messageId, long at, int attempt = 0) =>
        ScheduleAsync<Crm.ServiceInterface.Channels.OutboxSendJob>($"outbox-{messageId}", at,
            new JobDataMap { [Crm.ServiceInterface.Channels.OutboxSendJob.MessageKey] = messageId, [Crm.ServiceInterface.Channels.OutboxSendJob.AttemptKey] = attempt });

    /// <summary>Re-arms the send of a queued reply whose job is gone (the process died between the commit and the scheduling).</summary>
    public async Task EnsureOutboxAsync(long messageId, long at, int attempt = 0)
    {
        var scheduler = await schedulers.GetScheduler();
        if (!await scheduler.Exists(new JobKey($"outbox-{messageId}", Group)))
            await ScheduleOutboxAsync(messageId, at, attempt);
    }

    /// <summary>One timer per agent: a later chat's post processing replaces the earlier deadline.</summary>
    public Task SchedulePostProcessingEndAsync(long agentId, long at) =>
        ScheduleAsync<PostProcessingEndJob>($"post-processing-{agentId}", at, new JobDataMap { [PostProcessingEndJob.AgentKey] = agentId });

    private async Task ScheduleAsync<TJob>(string name, long at, JobDataMap data) where TJob : IJob
    {
        var scheduler = await schedulers.GetScheduler();
        var job = JobBuilder.Create<TJob>().WithIdentity(name, Group).UsingJobData(data).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, Group).StartAt(DateTimeOffset.FromUnixTimeMilliseconds(at))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing);
    }
}

/// <summary>The acceptance interval ran out: the offer lapses, the agent goes On Break or RONA, the chat goes back to its queue.</summary>
public sealed class OfferLapseJob(RoutingEngine engine) : IJob
{
    public const string ParticipationKey = "participationId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await engine.LapseAsync(context.MergedJobDataMap.GetLong(ParticipationKey), ct);
}

/// <summary>Post processing's timer ran out: the agent is Available again (unless a mandatory transaction code is still missing).</summary>
public sealed class PostProcessingEndJob(AgentsServices agents) : IJob
{
    public const string AgentKey = "agentId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await agents.EndPostProcessingOnTimerAsync(context.MergedJobDataMap.GetLong(AgentKey), ct);
}
