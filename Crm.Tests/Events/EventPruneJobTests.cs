using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace Crm.Tests.Events;

public sealed class EventPruneJobTests : IDisposable
{
    private const string TestAudience = "test:prune";

    // The host prunes on start too; with this retention it leaves the test's old events to the job under test.
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:Events:RetentionHours"] = "1000000" });
    private readonly TestClock clock = new();

    private CrmDb Db => app.Services.GetRequiredService<CrmDb>();

    private EventPruneJob Job(string? retentionHours = null) => new(Db, clock,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Crm:Events:RetentionHours"] = retentionHours }).Build(),
        NullLogger<EventPruneJob>.Instance);

    private Task<long> AppendAtAsync(string name, TimeSpan ago) =>
        Db.InTransactionAsync((c, tx) => EventLog.AppendAsync(c, tx, TestAudience, new Mark(name), clock.NowMs() - (long)ago.TotalMilliseconds));

    private async Task<List<string>> NamesAsync()
    {
        await using var connection = await Db.OpenAsync();
        var data = await connection.QueryAsync<string>("SELECT data FROM events WHERE audience = @TestAudience ORDER BY id", new { TestAudience });
        return data.Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement.GetProperty("label").GetString()!).ToList();
    }

    [Fact]
    public async Task Pruning_deletes_events_older_than_24_hours_by_default_and_keeps_the_rest()
    {
        await AppendAtAsync("two-days-old", TimeSpan.FromHours(48));
        await AppendAtAsync("a-day-and-a-minute-old", TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await AppendAtAsync("an-hour-old", TimeSpan.FromHours(1));
        await AppendAtAsync("new", TimeSpan.Zero);

        var deleted = await Job().PruneAsync();

        Assert.Equal(2, deleted);
        Assert.Equal(["an-hour-old", "new"], await NamesAsync());
    }

    [Fact]
    public async Task Pruning_follows_the_retention_setting_and_the_clock()
    {
        await AppendAtAsync("three-hours-old", TimeSpan.FromHours(3));
        await AppendAtAsync("an-hour-old", TimeSpan.FromHours(1));

        Assert.Equal(1, await Job(retentionHours: "2").PruneAsync());
        clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Equal(1, await Job(retentionHours: "2").PruneAsync());
        Assert.Empty(await NamesAsync());
    }

    [Fact]
    public async Task Ids_are_never_reused_after_pruning_empties_the_log()
    {
        await AppendAtAsync("old", TimeSpan.FromHours(30));
        var newest = await AppendAtAsync("also-old", TimeSpan.FromHours(30));
        await Job().PruneAsync();
        Assert.Empty(await NamesAsync());

        // A client resuming after `newest` must still get this one.
        var next = await AppendAtAsync("new", TimeSpan.Zero);

        Assert.True(next > newest, $"id {next} was handed out again after {newest}");
    }

    [Fact]
    public async Task The_prune_job_is_scheduled_hourly_once_under_a_fixed_identity_even_after_a_restart()
    {
        using var folder = new TestFolder();
        using (var first = new CrmApp(folder)) await AssertScheduledOnceAsync(first);
        using var second = new CrmApp(folder);

        await AssertScheduledOnceAsync(second);
    }

    private static async Task AssertScheduledOnceAsync(CrmApp host)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(EventPruneJob.Key)));
        Assert.Equal(EventPruneJob.Trigger, trigger.Key);
        Assert.Equal(TimeSpan.FromHours(1), trigger.RepeatInterval);
    }

    public void Dispose()
    {
        app.Dispose();
        app.Folder.Dispose();
    }
}
