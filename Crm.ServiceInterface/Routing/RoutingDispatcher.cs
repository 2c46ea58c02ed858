using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// Runs the dispatcher whenever something changed, and on a short sweep in case a signal was lost:
/// the sweep also settles offers and post processing whose Quartz job has not fired (e.g. scheduled just before a crash).
/// </summary>
public sealed class RoutingDispatcher(RoutingEngine engine, RoutingSignal signal, RoutingOptions options, ILogger<RoutingDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var sweep = TimeSpan.FromSeconds(options.SweepSeconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var kicked = await signal.WaitAsync(sweep, ct);
                if (!kicked) await engine.SweepAsync(ct);
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
