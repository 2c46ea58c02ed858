namespace Crm.ServiceInterface.Routing;

/// <summary>Wakes the dispatcher; many kicks while it runs make one more run, never a backlog.</summary>
public sealed class RoutingSignal
{
    private readonly SemaphoreSlim kicked = new(0, 1);

    public void Kick()
    {
        try { kicked.Release(); } catch (SemaphoreFullException) { } // already kicked: one pending run covers it
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => kicked.WaitAsync(timeout, ct);
}
