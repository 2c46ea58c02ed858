using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Events;

/// <summary>
/// One timer for every open event stream: it counts heartbeats (a stream that sends nothing else at one pings, so proxies
/// keep the connection), notices Inbox changes at most once a second for the desktops that show an Inbox, and re-reads the
/// tail every <see cref="EventLog.PollInterval"/> in case a signal was lost. Streams wait on their wake-up alone: ten thousand
/// of them each re-arming a timer of their own cost more than the events they carried.
/// </summary>
public sealed class StreamTicker : IDisposable
{
    /// <summary>At most one "re-read your Inbox" nudge a second.</summary>
    public static readonly TimeSpan InboxInterval = TimeSpan.FromSeconds(1);

    private readonly EventLog log;
    private readonly InboxWatch inbox;
    private readonly Lock gate = new();
    private readonly HashSet<StreamWake> streams = [];
    private readonly HashSet<StreamWake> inboxStreams = [];
    private readonly ITimer timer;
    private long beats, inboxChanges, inboxSeen;
    private long lastBeatAt = Environment.TickCount64, lastPollAt = Environment.TickCount64;
    private int ticking;

    public StreamTicker(EventLog log, InboxWatch inbox, TimeSpan heartbeat)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeat, TimeSpan.Zero);
        this.log = log;
        this.inbox = inbox;
        Heartbeat = heartbeat;
        inboxSeen = inbox.Version;
        var period = heartbeat < InboxInterval ? heartbeat : InboxInterval;
        // Real time, like the connections it keeps alive; every timer that matters to the product is stored, not this one.
        timer = TimeProvider.System.CreateTimer(_ => Tick(), null, period, period);
    }

    public TimeSpan Heartbeat { get; }

    /// <summary>Heartbeats so far: a stream that sees this change and has nothing else to send sends a ping.</summary>
    public long Beats => Volatile.Read(ref beats);

    /// <summary>Inbox changes noticed so far (at most one a second): a desktop that sees this change sends an Inbox nudge.</summary>
    public long InboxChanges => Volatile.Read(ref inboxChanges);

    /// <summary>Wakes <paramref name="wake"/> at every heartbeat, and at Inbox changes when <paramref name="showsInbox"/>. Dispose to leave.</summary>
    public IDisposable Join(StreamWake wake, bool showsInbox)
    {
        lock (gate)
        {
            streams.Add(wake);
            if (showsInbox) inboxStreams.Add(wake);
        }
        return new Joined(this, wake);
    }

    private sealed class Joined(StreamTicker ticker, StreamWake wake) : IDisposable
    {
        public void Dispose()
        {
            lock (ticker.gate)
            {
                ticker.streams.Remove(wake);
                ticker.inboxStreams.Remove(wake);
            }
        }
    }

    private void Tick()
    {
        if (Interlocked.Exchange(ref ticking, 1) == 1) return; // a slow tick is not overtaken by the next one
        try
        {
            var now = Environment.TickCount64;
            var beat = now - lastBeatAt >= Heartbeat.TotalMilliseconds * 0.9; // timers fire a little early or late
            if (beat) lastBeatAt = now;
            var version = inbox.Version;
            var inboxChanged = version != inboxSeen;
            inboxSeen = version;
            if (now - lastPollAt >= EventLog.PollInterval.TotalMilliseconds)
            {
                lastPollAt = now;
                log.Signal();
            }
            if (!beat && !inboxChanged) return;
            if (beat) Interlocked.Increment(ref beats);
            if (inboxChanged) Interlocked.Increment(ref inboxChanges);
            StreamWake[] woken;
            lock (gate) woken = beat ? [.. streams] : [.. inboxStreams];
            foreach (var wake in woken) wake.Wake();
        }
        finally { Volatile.Write(ref ticking, 0); }
    }

    public void Dispose() => timer.Dispose();
}
