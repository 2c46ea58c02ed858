namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Whether any queue's waiting list changed. Every agent's Inbox is a view of the queues, not a log: desktops get one
/// coalesced "inbox" nudge a second at most and re-read the list, instead of every queue change pushed to every desktop.
/// </summary>
public sealed class InboxWatch
{
    private long version;

    public long Version => Volatile.Read(ref version);

    /// <summary>A queue changed (on this node, or on another one that said so on commit): the desktops re-read their Inbox.</summary>
    public void Touch() => Interlocked.Increment(ref version);
}
