namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Whether any queue's waiting list changed. Every agent's Inbox is a view of the queues, not a log: desktops get one
/// coalesced "inbox" nudge a second at most and re-read the list, instead of every queue change pushed to every desktop.
/// </summary>
public sealed class InboxWatch(Data.ClusterBus cluster)
{
    private long version;

    public long Version => Volatile.Read(ref version);

    /// <summary>A queue changed on this node: this node's desktops re-read their Inbox, and so do every other node's.</summary>
    public void Touch()
    {
        TouchHere();
        _ = cluster.PublishAsync(Data.ClusterSignal.Inbox);
    }

    /// <summary>Another node said a queue changed.</summary>
    public void TouchHere() => Interlocked.Increment(ref version);
}
