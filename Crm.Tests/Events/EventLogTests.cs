using Stopwatch = System.Diagnostics.Stopwatch;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Events;

public sealed class EventLogTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private readonly CrmApp app = new();
    private EventLog Log => app.Services.GetRequiredService<EventLog>();

    [Fact]
    public async Task A_signal_between_a_read_that_found_nothing_and_the_wait_still_wakes_it()
    {
        var log = Log;
        Assert.Empty(await log.ReadAsync([Audience.Staff], 0, 10));
        log.Signal();

        var clock = Stopwatch.StartNew();
        await log.WaitAsync(Long, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the wait took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wait_ends_quietly_on_its_timeout_and_throws_when_cancelled()
    {
        var log = Log;
        await log.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.WaitAsync(Long, cancel.Token));
    }

    [Fact]
    public async Task Read_returns_the_audiences_events_after_an_id_oldest_first_at_most_max()
    {
        var ids = new List<long>();
        foreach (var audience in new[] { Audience.Staff, Audience.User(7), Audience.Staff, Audience.Supervisors, Audience.Staff })
            ids.Add(await app.AppendAsync(audience, "e", new { audience }));

        var read = await Log.ReadAsync([Audience.Staff, Audience.User(7)], ids[0], 2);

        Assert.Equal([ids[1], ids[2]], read.Select(e => e.Id));
        Assert.Equal(Audience.User(7), read[0].Audience);
        Assert.Equal("{\"audience\":\"user:7\"}", read[0].Data);
        Assert.Equal(ids[^1], await Log.LatestIdAsync());
    }

    [Fact]
    public async Task Readers_hammered_by_concurrent_appends_and_signals_never_miss_a_wake_up_or_an_event()
    {
        var log = Log;
        var start = await log.LatestIdAsync();
        using var stop = new CancellationTokenSource();
        const int ReadLoops = 3, Streams = 6;
        var lastSeen = new long[ReadLoops + Streams];
        Array.Fill(lastSeen, start);

        // Read-then-wait loops, with a little work between the two: a lost wake-up leaves one asleep for the whole 30 s wait.
        var readers = Enumerable.Range(0, ReadLoops).Select(r => Task.Run(async () =>
        {
            var seen = new List<long>();
            var random = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                var batch = await log.ReadAsync([Audience.Staff], Volatile.Read(ref lastSeen[r]), 50);
                seen.AddRange(batch.Select(e => e.Id));
                if (batch.Count > 0) { Volatile.Write(ref lastSeen[r], batch[^1].Id); continue; }
                if (random.Next(2) == 0) await Task.Yield(); else Thread.SpinWait(random.Next(2000));
                await log.WaitAsync(Long, stop.Token).ContinueWith(_ => { });
            }
            return seen;
        })).ToList();
        var streams = Enumerable.Range(ReadLoops, Streams).Select(r => Task.Run(async () =>
        {
            var seen = new List<long>();
            try
            {
                await foreach (var e in log.StreamAsync([Audience.Staff], start, stop.Token))
                {
                    seen.Add(e.Id);
                    Volatile.Write(ref lastSeen[r], e.Id);
                }
            }
            catch (OperationCanceledException) { }
            return seen;
        })).ToList();

        // While a transaction commits, spurious signals keep every reader re-reading, so some read straddles the commit;
        // the one signal after the commit is then the only thing that can wake them, and nothing after it rescues a lost one.
        var appended = new List<long>();
        var random = new Random(1);
        var db = app.Services.GetRequiredService<CrmDb>();
        var now = app.Services.GetRequiredService<TimeProvider>().NowMs();
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(2) || appended.Count < 30)
            {
                using var noise = new CancellationTokenSource();
                var noisy = Task.Run(() => { while (!noise.IsCancellationRequested) { log.Signal(); Thread.SpinWait(Random.Shared.Next(50, 500)); } });
                var id = await db.InTransactionAsync((c, tx) => EventLog.AppendAsync(c, tx, Audience.Staff, "tick", new { n = appended.Count }, now));
                await noise.CancelAsync();
                await noisy;
                log.Signal();
                appended.Add(id);
                var waited = Stopwatch.StartNew();
                while (Enumerable.Range(0, lastSeen.Length).Any(i => Volatile.Read(ref lastSeen[i]) < id))
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(2), $"event {id} (#{appended.Count}) not seen: a lost wake-up; last seen by each: {string.Join(", ", lastSeen)}");
                    await Task.Delay(random.Next(2));
                }
            }
        }
        finally
        {
            stop.Cancel();
        }
        var results = await Task.WhenAll(readers.Concat(streams)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, seen => Assert.Equal(appended, seen));
    }

    public void Dispose() => app.Dispose();
}
