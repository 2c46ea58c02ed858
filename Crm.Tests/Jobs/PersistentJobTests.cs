using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Crm.Tests.Jobs;

public sealed class PersistentJobTests : IDisposable
{
    private readonly TestFolder folder = new();

    [Fact]
    public async Task A_scheduled_job_fires_after_the_host_that_scheduled_it_is_gone()
    {
        var marker = Guid.NewGuid().ToString("N");
        using (var first = new CrmApp(folder))
        {
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.ScheduleJob(
                JobBuilder.Create<RecordingJob>().WithIdentity(marker).UsingJobData("marker", marker).Build(),
                TriggerBuilder.Create().StartAt(DateTimeOffset.UtcNow.AddSeconds(2))
                    .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build());
        }
        Assert.False(RecordingJob.Fired.ContainsKey(marker), "the job fired before the restart");

        using var second = new CrmApp(folder);
        _ = second.Services; // starting the host starts the scheduler

        var fired = RecordingJob.Fired.GetOrAdd(marker, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => folder.Dispose();
}

/// <summary>Signals the test that scheduled it; the marker travels in the stored job data.</summary>
public sealed class RecordingJob : IJob
{
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Fired = new();

    public ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var marker = context.MergedJobDataMap.GetString("marker")!;
        Fired.GetOrAdd(marker, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return ValueTask.CompletedTask;
    }
}
