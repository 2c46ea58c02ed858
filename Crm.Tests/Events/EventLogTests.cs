using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Events;

public sealed class EventLogTests : IDisposable
{
    private readonly CrmApp app = new();
    private CrmDb Db => app.Services.GetRequiredService<CrmDb>();

    // Time stands still for these logs: their polls never run, so only a Signal() after a commit can wake a stream.
    private EventLog StillLog() => new(Db, new StillTime());

    [Fact]
    public async Task A_stream_yields_the_audiences_events_after_an_id_oldest_first()
    {
        var ids = new List<long>();
        foreach (var audience in new[] { Audience.Supervisors, Audience.User(7), Audience.Supervisors, Audience.User(8), Audience.Supervisors })
            ids.Add(await app.MarkAsync(audience, "e"));
        var log = StillLog();
        log.Signal();

        using var stop = new CancellationTokenSource();
        var read = new List<CrmEvent>();
        await foreach (var e in log.StreamAsync([Audience.Supervisors, Audience.User(7)], ids[0], stop.Token))
        {
            read.Add(e);
            if (read.Count == 3) break;
        }

        Assert.Equal([ids[1], ids[2], ids[4]], read.Select(e => e.Id));
        Assert.Equal(Audience.User(7), read[0].Audience);
        Assert.Equal("""{"label":"e","n":null}""", read[0].Data);
        Assert.Equal(ids[^1], await log.LatestIdAsync());
    }

    /// <summary>A lost wake-up leaves a stream asleep for good (no poll rescues it while time stands still): the Timeout makes that hang a failure.</summary>
    [Fact(Timeout = 120_000)]
    public async Task Streams_hammered_by_concurrent_appends_and_signals_never_miss_a_wake_up_or_an_event()
    {
        var log = StillLog();
        var start = await log.LatestIdAsync();
        using var stop = new CancellationTokenSource();
        const int Streams = 8, Appends = 150;
        var lastSeen = new long[Streams];
        Array.Fill(lastSeen, start);
        var streams = Enumerable.Range(0, Streams).Select(r => Task.Run(async () =>
        {
            var seen = new List<long>();
            try
            {
                await foreach (var e in log.StreamAsync([Audience.Supervisors], start, stop.Token))
                {
                    seen.Add(e.Id);
                    Volatile.Write(ref lastSeen[r], e.Id);
                }
            }
            catch (OperationCanceledException) { }
            return seen;
        })).ToList();

        // While a transaction commits, spurious signals keep every stream re-reading, so some read straddles the commit;
        // the one signal after the commit is then the only thing that can wake them, and nothing after it rescues a lost one.
        var appended = new List<long>();
        var now = app.Services.GetRequiredService<TimeProvider>().NowMs();
        try
        {
            while (appended.Count < Appends)
            {
                using var noise = new CancellationTokenSource();
                var noisy = Task.Run(() => { while (!noise.IsCancellationRequested) { log.Signal(); Thread.SpinWait(Random.Shared.Next(50, 500)); } });
                var id = await Db.InTransactionAsync((c, tx) => EventLog.AppendAsync(c, tx, Audience.Supervisors, new Mark("tick", appended.Count), now));
                await noise.CancelAsync();
                await noisy;
                log.Signal();
                appended.Add(id);
                while (Enumerable.Range(0, Streams).Any(i => Volatile.Read(ref lastSeen[i]) < id)) await Task.Yield();
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        var results = await Task.WhenAll(streams);

        Assert.All(results, seen => Assert.Equal(appended, seen));
    }

    public void Dispose() => app.Dispose();
}

/// <summary>A clock whose timers never fire: a wait on it ends only by its signal or its cancellation.</summary>
internal sealed class StillTime : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();

    private sealed class Never : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
