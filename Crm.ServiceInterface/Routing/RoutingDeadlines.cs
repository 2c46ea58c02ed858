using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// One wake-up for every routing deadline. The timers themselves are stored with the change that sets them (an offer's
/// expires_at, an agent's post_processing_until); this only holds the earliest one it knows of, to wake the dispatcher at
/// that moment. After kill -9, or for a deadline another node set, the sweep's read of the store (at start-up and every
/// SweepSeconds) arms it again: nothing is held only in memory. Was one Quartz job per offer and per post processing.
/// </summary>
public sealed class RoutingDeadlines(TimeProvider time, RoutingSignal signal) : IDisposable
{
    private readonly Lock gate = new();
    private ITimer? timer;
    private long next = long.MaxValue;
    private int due;

    /// <summary>A deadline now stored (or read back from the store): wake the dispatcher then, if it is the earliest.</summary>
    public void Expect(long at)
    {
        lock (gate)
        {
            if (at >= next) return;
            next = at;
            timer ??= time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, at - time.NowMs())), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>True once after a deadline came: the dispatcher settles what is due and arms the next one from the store.</summary>
    public bool TakeDue() => Interlocked.Exchange(ref due, 0) == 1;

    private void Fire()
    {
        lock (gate) next = long.MaxValue; // forgotten here; the settling re-reads the earliest one left from the store
        Volatile.Write(ref due, 1);
        signal.Kick();
    }

    public void Dispose()
    {
        lock (gate) timer?.Dispose();
    }
}
