namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Whether any queue's waiting list changed. Every agent's Inbox is a view of the queues, not a log: desktops get one
/// coalesced "inbox" nudge a second at most and re-read the list, instead of every queue change pushed to every desktop.
/// </summary>
public sealed class InboxWatch
{
    private long version;

    public long Version => Volatile.Read(ref version);

    public void Touch() => Interlocked.Increment(ref version);
}
