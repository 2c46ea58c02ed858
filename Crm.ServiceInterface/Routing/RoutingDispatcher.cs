using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Runs the dispatcher whenever something changed; settles the routing deadlines when their wake-up comes; and sweeps at
/// start-up and then every SweepSeconds however busy it is, in case a signal was lost, the process died, or another node set a deadline.
/// </summary>
public sealed class RoutingDispatcher(RoutingEngine engine, RoutingSignal signal, RoutingDeadlines deadlines, RoutingOptions options, TimeProvider time,
    ILogger<RoutingDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var sweep = TimeSpan.FromSeconds(options.SweepSeconds);
        var nextSweep = time.GetUtcNow(); // the first run sweeps: what came due while the process was down
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var untilSweep = nextSweep - time.GetUtcNow();
                if (untilSweep > TimeSpan.Zero) await signal.WaitAsync(untilSweep, ct);
                if (time.GetUtcNow() >= nextSweep)
                {
                    nextSweep = time.GetUtcNow() + sweep;
                    deadlines.TakeDue();
                    await engine.SweepAsync(ct);
                }
                else if (deadlines.TakeDue()) await engine.SettleDueAsync(ct);
                await engine.DispatchAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dispatching failed; the next sweep retries.");
            }
        }
    }
}
