using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Reports;
using Crm.ServiceInterface.Routing;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Reports;

/// <summary>report_hours: kept in the settling write, replaced on a second write, rebuilt to the rows' figures, exact at any zone's edges.</summary>
public sealed class ReportHoursTests
{
    private const string Day = "from=2026-12-02&to=2026-12-02&tz=UTC";

    [Fact]
    public async Task Settling_adds_the_entry_and_a_second_write_replaces_it_wherever_it_was()
    {
        await using var day = await ScriptedDay.RunAsync();
        var db = day.Bed.App.Services.GetRequiredService<CrmDb>();
        var a = day.Ids["A"];
        var entries = await EntriesAsync(db);
        Assert.Equal(4, entries.Count); // A, B, C and D settled; E is read live
        var first = Assert.Single(entries, x => x.Entry.Id == a);
        Assert.Equal((true, false, false, true, 10_000L, 20_000L, 110_000L), (first.Entry.Answered, first.Entry.Abandoned, first.Entry.Transferred,
            first.Entry.WrappedUp, first.Entry.WaitMs, first.Entry.FirstResponseMs, first.Entry.HandleMs));
        Assert.Equal(day.Ids["agent1"], Assert.Single(first.Entry.Parts).AgentId);

        // Written again (a rebuild, a correction): still one entry, the same.
        await db.InTransactionAsync((c, tx) => ReportRollup.SettleAsync(c, tx, 0, [a]));
        var again = Assert.Single(await EntriesAsync(db), x => x.Entry.Id == a);
        Assert.Equal(HourEntries.Encode(0, [first.Entry]), HourEntries.Encode(0, [again.Entry]));

        // Moved to another queue and written again: gone from its old row, in the new one.
        var other = await day.Bed.ScalarAsync("SELECT MIN(id) FROM queues WHERE id <> @queue", new { queue = first.QueueId });
        await day.Bed.ScalarAsync("UPDATE conversations SET queue_id = @other WHERE id = @a; SELECT 0", new { other, a });
        await db.InTransactionAsync((c, tx) => ReportRollup.SettleAsync(c, tx, 0, [a]));
        var moved = await EntriesAsync(db);
        Assert.Equal(4, moved.Count);
        Assert.Equal(other, Assert.Single(moved, x => x.Entry.Id == a).QueueId);
    }

    [Fact]
    public async Task The_packed_hours_give_the_rows_figures_and_a_rebuild_writes_them_back()
    {
        await using var day = await ScriptedDay.RunAsync();
        var (agent1, agent2) = (day.Ids["agent1"], day.Ids["agent2"]);
        string[] reports =
        [
            $"volume?{Day}&groupBy=hour", $"speed?{Day}&groupBy=hour", $"wrapup?{Day}", $"agents?{Day}", $"service-level?{Day}",
            $"volume?{Day}&agent={agent2}", $"speed?{Day}&agent={agent1}", $"agents?from=2026-12-02T09:01:00Z&to=2026-12-02T09:12:00Z&tz=UTC",
            $"conversations?{Day}", $"conversations?{Day}&measure=answered-in-time", $"conversations?{Day}&measure=transferred&format=csv",
            $"conversations?{Day}&groupBy=hour&bucket=2026-12-02 09:00&measure=answered", $"conversations?{Day}&agent={agent1}",
        ];
        var supervisor = await day.Bed.AgentAsync("supervisor");
        async Task<List<string>> ReadAllAsync()
        {
            var all = new List<string>();
            foreach (var report in reports) all.Add(await supervisor.Http.GetStringAsync($"/api/reports/{report}"));
            return all;
        }
        var fromHours = await ReadAllAsync();

        // As after an upgrade: rows not in report_hours yet. The reports read the rows until the fill is done.
        await day.Bed.ScalarAsync("UPDATE report_conversations SET in_hours = 0; DELETE FROM report_hours; SELECT 0");
        Assert.Equal(fromHours, await ReadAllAsync());
        var rebuild = day.Bed.App.Services.GetRequiredService<ReportRollupRebuild>();
        Assert.Equal(4, await rebuild.RebuildAsync());
        Assert.Equal(0, await day.Bed.ScalarAsync("SELECT COUNT(*) FROM report_conversations WHERE in_hours = 0"));
        Assert.Equal(4, (await EntriesAsync(day.Bed.App.Services.GetRequiredService<CrmDb>())).Count);
        Assert.Equal(fromHours, await ReadAllAsync());
        Assert.Equal(0, await rebuild.RebuildAsync());
    }

    [Fact]
    public async Task A_plus_five_forty_five_zone_counts_each_day_and_hour_to_the_millisecond()
    {
        await using var bed = new RoutingTestBed();
        var db = bed.App.Services.GetRequiredService<CrmDb>();
        var queue = await bed.ScalarAsync("SELECT MIN(id) FROM queues");
        // Asia/Kathmandu is UTC+05:45: its 2026-12-02 starts at 2026-12-01T18:15:00Z, inside the UTC hour 18:00-19:00.
        string[] arrivals =
        [
            "2026-11-30T18:14:59.999Z", "2026-11-30T18:15:00.000Z", "2026-12-01T18:14:59.999Z", "2026-12-01T18:15:00.000Z",
            "2026-12-02T18:14:59.999Z", "2026-12-02T18:15:00.000Z",
        ];
        var facts = arrivals.Select((text, i) =>
        {
            var at = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            // Closed unanswered after 5 s: abandoned.
            return new ConversationFact
            {
                Id = 900_000 + i, CreatedAt = at, Channel = "webchat", QueueId = queue, State = ConversationState.Closed, ClosedAt = at + 5000,
            };
        }).ToList();
        await db.InTransactionAsync((c, tx) => ReportHours.WriteAsync(c, tx, facts, []));
        var supervisor = await bed.AgentAsync("supervisor");

        var byDay = await supervisor.GetAsync<VolumeReportDto>("/api/reports/volume?from=2026-12-01&to=2026-12-02&tz=Asia/Kathmandu&groupBy=day");
        Assert.Equal(4, byDay.Total.Received);
        Assert.Equal(new[] { ("2026-12-01", 2), ("2026-12-02", 2) }, byDay.Buckets.Select(b => (b.Bucket, b.Received)));
        var byHour = await supervisor.GetAsync<VolumeReportDto>("/api/reports/volume?from=2026-12-01&to=2026-12-02&tz=Asia/Kathmandu&groupBy=hour");
        Assert.Equal(48, byHour.Buckets.Count);
        Assert.Equal(new[] { "2026-12-01 00:00", "2026-12-01 23:00", "2026-12-02 00:00", "2026-12-02 23:00" },
            byHour.Buckets.Where(b => b.Received > 0).Select(b => b.Bucket));
        Assert.All(byHour.Buckets.Where(b => b.Received > 0), b => Assert.Equal(1, b.Received));
        var abandoned = await supervisor.GetAsync<VolumeReportDto>(
            "/api/reports/volume?from=2026-12-01T18:15:00Z&to=2026-12-01T18:15:00.001Z&tz=Asia/Kathmandu&groupBy=hour");
        Assert.Equal((1, 1), (abandoned.Total.Received, abandoned.Total.Abandoned));
    }

    [Fact]
    public async Task Two_connections_settling_the_same_hour_at_once_both_land()
    {
        await using var bed = new RoutingTestBed();
        var db = bed.App.Services.GetRequiredService<CrmDb>();
        var queue = await bed.ScalarAsync("SELECT MIN(id) FROM queues");
        var hourStart = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        ConversationFact Fact(long id) =>
            new() { Id = id, CreatedAt = hourStart + id, Channel = "webchat", QueueId = queue, State = ConversationState.Closed };
        await db.InTransactionAsync((c, tx) => ReportHours.WriteAsync(c, tx, [Fact(1)], [])); // the hour's row exists and is committed

        await using var first = await db.OpenAsync();
        await using var firstTx = await first.BeginTransactionAsync();
        await ReportHours.WriteAsync(first, firstTx, [Fact(2)], []); // holds the row, not committed yet
        Task second;
        if (TestDb.Postgres)
        {
            second = db.InTransactionAsync((c, tx) => ReportHours.WriteAsync(c, tx, [Fact(3)], []));
            // The second writer waits for the first one's lock: were it to read the row unlocked, it would write back without 2.
            await Eventually.TrueAsync(async () => await bed.ScalarAsync(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%report_hours%' AND pid <> pg_backend_pid()") == 1,
                TimeSpan.FromSeconds(20), "the second writer waits on the hour's row");
            await firstTx.CommitAsync();
        }
        else
        {
            // One writer at a time on SQLite: the second one starts once the first has committed.
            await firstTx.CommitAsync();
            second = db.InTransactionAsync((c, tx) => ReportHours.WriteAsync(c, tx, [Fact(3)], []));
        }
        await second;

        Assert.Equal(new long[] { 1, 2, 3 }, (await EntriesAsync(db)).Select(x => x.Entry.Id).Order());
    }

    private sealed record QueuedEntry(long QueueId, HourEntry Entry);

    private static async Task<List<QueuedEntry>> EntriesAsync(CrmDb db)
    {
        await using var s = await ReportSnapshot.OpenAsync(db, CancellationToken.None);
        var all = new List<QueuedEntry>();
        await ReportHours.ReadAsync(s, 0, long.MaxValue / HourEntry.HourMs, null, null, (queue, _, e) => all.Add(new(queue, e.Copy())), CancellationToken.None);
        return all;
    }
}
