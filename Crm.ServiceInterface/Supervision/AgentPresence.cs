using System.Collections.Concurrent;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Supervision;

/// <summary>
/// Whether an agent's desktop is there. Each node counts its open event streams per agent in memory and keeps the stored
/// last-seen time fresh; the sweep reads the stored times, so an agent whose streams died with a node (or a restart) is
/// still taken out of routing: Available agents go Offline (cause Disconnect), agents holding chats keep them and get a
/// Disconnected marker that keeps new offers away until a desktop comes back.
/// </summary>
public sealed class AgentPresence(CrmDb db, RoutingStore store, TimeProvider time, ILogger<AgentPresence> logger)
{
    private readonly ConcurrentDictionary<long, int> streams = new();

    private long DisconnectMs => store.Options.DisconnectSeconds * 1000L;

    /// <summary>A desktop stream opened; dispose the result when it closes.</summary>
    public async Task<IAsyncDisposable> OpenAsync(long agentId, CancellationToken ct = default)
    {
        if (streams.AddOrUpdate(agentId, 1, (_, n) => n + 1) == 1) await MarkAsync(agentId, connected: true, ct);
        return new Lease(this, agentId);
    }

    private async Task CloseAsync(long agentId)
    {
        var left = streams.AddOrUpdate(agentId, 0, (_, n) => Math.Max(0, n - 1));
        if (left == 0 && streams.TryRemove(new KeyValuePair<long, int>(agentId, 0))) await MarkAsync(agentId, connected: false, CancellationToken.None);
    }

    public bool IsConnectedHere(long agentId) => streams.TryGetValue(agentId, out var n) && n > 0;

    private async Task MarkAsync(long agentId, bool connected, CancellationToken ct)
    {
        try
        {
            await store.WriteAsync(async change =>
            {
                var before = await PresenceRow.ReadAsync(change, agentId);
                await change.Connection.ExecuteAsync("""
                    INSERT INTO agent_presence (user_id, connected, last_seen, disconnected_at) VALUES (@agentId, @connected, @Now, NULL)
                    ON CONFLICT (user_id) DO UPDATE SET connected = excluded.connected, last_seen = excluded.last_seen,
                        disconnected_at = CASE WHEN excluded.connected = 1 THEN NULL ELSE agent_presence.disconnected_at END
                    """, new { agentId, connected = connected ? 1 : 0, change.Now }, change.Tx);
                var wasConnected = before?.Connected == true;
                if (connected == wasConnected && !(connected && before?.DisconnectedAt is not null)) return;
                if (connected) change.DispatchNeeded = true; // back from Disconnected: offers may go to them again
                await change.EventAsync(Audience.Supervisors,
                    new AgentPresenceChanged(agentId, connected, connected ? null : before?.DisconnectedAt));
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The stream goes on; the next sweep writes what this missed.
            logger.LogWarning(ex, "Could not record the presence of agent {AgentId}.", agentId);
        }
    }

    /// <summary>
    /// Keeps the stored last-seen of this node's connected agents fresh, then disconnects every agent whose desktops have all
    /// been gone for DisconnectSeconds, and takes Available agents marked Disconnected without chats Offline.
    /// </summary>
    public async Task SweepAsync(CancellationToken ct = default)
    {
        var now = time.NowMs();
        var here = streams.Where(s => s.Value > 0).Select(s => s.Key).ToList();
        List<(long UserId, long Healthy)> stale;
        List<long> gone;
        await using (var c = await db.OpenAsync(ct))
        {
            // A third of the window: a node that misses one sweep still keeps its agents connected.
            stale = here.Count == 0 ? [] : (await c.QueryAsync<(long, long)>($"""
                SELECT user_id, CASE WHEN connected = 1 AND disconnected_at IS NULL THEN 1 ELSE 0 END FROM agent_presence
                WHERE user_id {db.Dialect.InList("@here")} AND (last_seen < @fresh OR connected = 0 OR disconnected_at IS NOT NULL)
                """, new { here, fresh = now - DisconnectMs / 3 })).AsList();
            // Not yet marked, or marked and Available with nothing held any more (post processing ran out, a chat was taken over).
            gone = (await c.QueryAsync<long>($"""
                SELECT p.user_id FROM agent_presence p LEFT JOIN agent_states s ON s.user_id = p.user_id
                WHERE p.last_seen <= @cutoff AND (p.disconnected_at IS NULL OR (s.state = {StateSql.Of(AgentState.Available)}
                    AND NOT EXISTS (SELECT 1 FROM participations x WHERE x.agent_id = p.user_id AND x.state IN {ParticipationState.HeldSql})))
                """, new { cutoff = now - DisconnectMs })).Where(id => !here.Contains(id)).ToList();
        }
        // Still connected here: one write refreshes them all; only a row that says otherwise needs its own change and event.
        var refresh = stale.Where(s => s.Healthy == 1).Select(s => s.UserId).ToList();
        if (refresh.Count > 0)
            await db.InTransactionAsync((c, tx) => c.ExecuteAsync(
                $"UPDATE agent_presence SET last_seen = @now WHERE user_id {db.Dialect.InList("@refresh")} AND last_seen < @now",
                new { refresh, now }, tx), ct);
        foreach (var (agentId, _) in stale.Where(s => s.Healthy != 1)) await MarkAsync(agentId, connected: true, ct);
        foreach (var agentId in gone) await DisconnectAsync(agentId, ct);
    }

    private Task DisconnectAsync(long agentId, CancellationToken ct) =>
        store.WriteAsync(async change =>
        {
            var c = change.Connection;
            var presence = await PresenceRow.ReadAsync(change, agentId);
            if (presence is null || presence.LastSeen > change.Now - DisconnectMs || IsConnectedHere(agentId)) return; // a desktop came back meanwhile
            if (presence.DisconnectedAt is null)
            {
                await c.ExecuteAsync("UPDATE agent_presence SET connected = 0, disconnected_at = @Now WHERE user_id = @agentId",
                    new { agentId, change.Now }, change.Tx);
                await change.EventAsync(Audience.Supervisors, new AgentPresenceChanged(agentId, false, change.Now));
            }
            var agent = await change.AgentAsync(agentId);
            if (agent.State == AgentState.Available && await change.LoadAsync(agentId) == 0)
                await change.MoveAgentAsync(agentId, AgentState.Offline, StateCause.Disconnect);
        }, ct);

    private sealed class PresenceRow
    {
        public bool Connected { get; set; }
        public long LastSeen { get; set; }
        public long? DisconnectedAt { get; set; }

        public static Task<PresenceRow?> ReadAsync(RoutingTx change, long agentId) =>
            change.Connection.QuerySingleOrDefaultAsync<PresenceRow>(
                "SELECT connected, last_seen AS LastSeen, disconnected_at AS DisconnectedAt FROM agent_presence WHERE user_id = @agentId",
                new { agentId }, change.Tx);
    }

    private sealed class Lease(AgentPresence presence, long agentId) : IAsyncDisposable
    {
        private int disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) await presence.CloseAsync(agentId);
        }
    }
}

/// <summary>Runs the presence sweep every SweepSeconds on its own, so a busy dispatcher that is always kicked cannot starve it.</summary>
public sealed class PresenceSweep(AgentPresence presence, RoutingOptions options, ILogger<PresenceSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.SweepSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await presence.SweepAsync(ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogError(ex, "The presence sweep failed; the next one retries."); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}
