using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crm.ServiceInterface.Data;

/// <summary>
/// How the nodes of one PostgreSQL database wake each other: NOTIFY on <see cref="SqlDialect.ClusterChannel"/>, one LISTEN
/// connection per node. Only a wake-up: the tables stay the truth, and every listener also polls, so a lost notification
/// costs a few seconds, never a change. On SQLite there is one node and nothing to tell.
/// </summary>
public sealed class ClusterBus(CrmDbOptions options, ILogger<ClusterBus> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly Dictionary<ClusterSignal, List<Action>> handlers = [];
    private readonly bool clustered = options.Provider == SqlDialect.PostgresName;

    /// <summary>Runs <paramref name="handler"/> on this node whenever any node (this one included) publishes <paramref name="signal"/>.</summary>
    public void Subscribe(ClusterSignal signal, Action handler)
    {
        lock (handlers)
        {
            if (!handlers.TryGetValue(signal, out var list)) handlers[signal] = list = [];
            list.Add(handler);
        }
    }

    /// <summary>Tells every other node; call after the change committed. Best effort: the listeners' polls cover a lost one.</summary>
    public async Task PublishAsync(ClusterSignal signal)
    {
        if (!clustered) return;
        try
        {
            await using var connection = new NpgsqlConnection(options.ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync("SELECT pg_notify(@channel, @payload)", new { channel = SqlDialect.ClusterChannel, payload = signal.ToString() });
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not tell the other nodes about {Signal}; they notice on their next poll.", signal);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!clustered) return;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.ConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await connection.ExecuteAsync($"LISTEN {SqlDialect.ClusterChannel}");
                // A reconnect may have missed signals: every part looks again once.
                foreach (var signal in Enum.GetValues<ClusterSignal>()) Dispatch(signal.ToString());
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "The cluster listener lost its connection; reconnecting.");
                try { await Task.Delay(Reconnect, ct); } catch (OperationCanceledException) { }
            }
        }
    }

    private void Dispatch(string payload)
    {
        if (!Enum.TryParse<ClusterSignal>(payload, out var signal)) return;
        Action[] run;
        lock (handlers) run = handlers.TryGetValue(signal, out var list) ? [.. list] : [];
        foreach (var handler in run)
        {
            try { handler(); }
            catch (Exception ex) { logger.LogError(ex, "A {Signal} handler failed.", signal); }
        }
    }
}
