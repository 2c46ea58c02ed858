using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Events;

/// <summary>One stored event; <paramref name="Data"/> is JSON text, <paramref name="At"/> unix milliseconds.</summary>
public sealed record CrmEvent(long Id, string Audience, string Name, string Data, long At);

/// <summary>
/// The durable, ordered event log the desktops stream from. Writers append inside the transaction of the change
/// and call <see cref="Signal"/> after the commit; readers resume by id, so a reconnect (or a restart) loses nothing.
/// </summary>
public sealed class EventLog(CrmDb db, TimeProvider time)
{
    /// <summary>How long a stream sleeps without a Signal() before it re-reads anyway (a writer that forgot to signal).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private const int StreamBatch = 200;

    /// <summary>How many recent events every stream is served from memory; an older resume point reads the table.</summary>
    private const int RingSize = 20_000;

    // Same shape as the HTTP API's JSON (camelCase, enums by name), so a desktop reads an event like a REST answer.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // Each stream waits on its own wake-up, found by its audiences: a commit wakes only the streams its events are for
    // (with a hundred agents' desktops open, waking every stream on every commit cost more than the change itself).
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<StreamWake>> waiters = [];

    // The tail: one reader loads each committed event once into a ring that every stream filters, instead of every stream
    // querying the table on every commit (which, with a hundred desktops open, costs more than the changes themselves).
    private readonly List<FramedEvent> ring = [];
    private long tailId = -1;
    private readonly SemaphoreSlim tailing = new(1, 1);
    private int tailRequests;

    /// <summary>Appends inside the caller's transaction; the SSE name is the record's own (<see cref="IPushedEvent.Name"/>). Returns the event id.</summary>
    public static Task<long> AppendAsync<TEvent>(DbConnection connection, DbTransaction tx, string audience, TEvent data, long now)
        where TEvent : class, IPushedEvent
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentNullException.ThrowIfNull(data);
        var json = JsonSerializer.Serialize(data, Json);
        // One round trip: on PostgreSQL the wake-up for the other nodes rides in the same command as the insert.
        var wakeNodes = SqlDialect.Of(connection).AfterEventAppendedSql is { } wake ? "; " + wake : "";
        return connection.ExecuteScalarAsync<long>(
            "INSERT INTO events (audience, name, data, created_at) VALUES (@audience, @name, @json, @now) RETURNING id" + wakeNodes,
            new { audience, name = TEvent.Name, json, now }, tx);
    }

    /// <summary>Call after the transaction committed: the tail loads the new events once, then wakes every waiting stream.</summary>
    public void Signal()
    {
        // Many signals while the tail reads make one more read, never a queue of them.
        if (Interlocked.Increment(ref tailRequests) == 1) _ = Task.Run(FollowTailAsync);
    }

    private async Task FollowTailAsync()
    {
        do
        {
            Volatile.Write(ref tailRequests, 1);
            await tailing.WaitAsync();
            HashSet<string>? audiences = null; // null: wake every stream (the tail started, or could not be read)
            try { audiences = await LoadTailAsync(); }
            catch (Exception) { /* the streams' poll retries; a failed read must not stop the tail */ }
            finally { tailing.Release(); }
            Wake(audiences);
        }
        while (Interlocked.Decrement(ref tailRequests) > 0);
    }

    /// <summary>Loads the committed events after the tail into the ring; returns the audiences they are for (null when the tail just started).</summary>
    private async Task<HashSet<string>?> LoadTailAsync()
    {
        await using var connection = await db.OpenAsync();
        if (Volatile.Read(ref tailId) < 0)
        {
            var latest = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM events") ?? 0;
            lock (ring) if (tailId < 0) tailId = latest; // the ring starts empty at the newest event; older ones come from the table
            return null;
        }
        var audiences = new HashSet<string>();
        while (true)
        {
            var from = Volatile.Read(ref tailId);
            // Ids are assigned and committed in order by the single writer, so nothing below the tail can still appear.
            var rows = (await connection.QueryAsync<CrmEvent>(
                "SELECT id, audience, name, data, created_at AS at FROM events WHERE id > @from ORDER BY id LIMIT 5000", new { from })).AsList();
            if (rows.Count == 0) return audiences;
            var framed = rows.Select(FramedEvent.Of).ToList(); // formatted once, outside the lock, for every stream
            lock (ring)
            {
                ring.AddRange(framed);
                if (ring.Count > RingSize) ring.RemoveRange(0, ring.Count - RingSize);
                tailId = rows[^1].Id;
            }
            foreach (var row in rows) audiences.Add(row.Audience);
            if (rows.Count < 5000) return audiences;
        }
    }

    /// <summary>Wakes the streams listening to any of <paramref name="audiences"/> (every stream when null), after the ring holds their events.</summary>
    private void Wake(HashSet<string>? audiences)
    {
        var woken = new List<StreamWake>();
        lock (gate)
        {
            if (audiences is null) woken.AddRange(waiters.Values.SelectMany(w => w).Distinct());
            else
                foreach (var audience in audiences)
                    if (waiters.TryGetValue(audience, out var listening)) woken.AddRange(listening);
        }
        foreach (var waiter in woken) waiter.Wake();
    }

    /// <summary>
    /// Registers a stream: the tail wakes <paramref name="wake"/> whenever it loads an event for one of <paramref name="audiences"/>.
    /// Dispose to stop listening.
    /// </summary>
    public IDisposable Listen(IReadOnlySet<string> audiences, StreamWake wake)
    {
        lock (gate)
            foreach (var audience in audiences)
            {
                if (!waiters.TryGetValue(audience, out var listening)) waiters[audience] = listening = [];
                listening.Add(wake);
            }
        return new Listening(this, audiences, wake);
    }

    private sealed class Listening(EventLog log, IReadOnlySet<string> audiences, StreamWake wake) : IDisposable
    {
        public void Dispose()
        {
            lock (log.gate)
                foreach (var audience in audiences)
                    if (log.waiters.TryGetValue(audience, out var listening) && listening.Remove(wake) && listening.Count == 0)
                        log.waiters.Remove(audience);
        }
    }

    /// <summary>
    /// The next events after <paramref name="afterId"/> for these audiences, without waiting: a live stream is served from the
    /// ring, one catching up from an old resume point (or before the tail started) from the table. Arm the wake-up before calling.
    /// </summary>
    public async ValueTask<EventBatch> ReadAsync(IReadOnlySet<string> audiences, long afterId, CancellationToken ct)
    {
        if (FromRing(audiences, afterId, StreamBatch) is { } fromRing) return fromRing;
        if (Volatile.Read(ref tailId) < 0) Signal(); // the tail's first load wakes every stream, which then reads the ring
        var rows = await ReadTableAsync(audiences, afterId, StreamBatch, ct);
        return new EventBatch(rows.Select(FramedEvent.Of).ToList(), rows.Count > 0 ? rows[^1].Id : afterId, rows.Count == StreamBatch);
    }

    /// <summary>The events after <paramref name="afterId"/> for these audiences from the ring; null when the ring does not reach back that far.</summary>
    private EventBatch? FromRing(IReadOnlySet<string> audiences, long afterId, int max)
    {
        lock (ring)
        {
            if (tailId < 0) return null;
            var oldest = ring.Count > 0 ? ring[0].Event.Id : tailId + 1;
            if (afterId < oldest - 1 && afterId < tailId) return null;
            var start = BinarySearchAfter(afterId);
            var found = new List<FramedEvent>();
            var i = start;
            for (; i < ring.Count && found.Count < max; i++)
                if (audiences.Contains(ring[i].Event.Audience)) found.Add(ring[i]);
            // Read up to the last event scanned (or the tail): what was not for these audiences is skipped, not read again.
            return new EventBatch(found, i < ring.Count ? ring[i - 1].Event.Id : Math.Max(afterId, tailId), i < ring.Count);
        }
    }

    /// <summary>The ring index of the first event after <paramref name="afterId"/> (ids ascend); the caller holds the ring's lock.</summary>
    private int BinarySearchAfter(long afterId)
    {
        int low = 0, high = ring.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (ring[mid].Event.Id <= afterId) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>The newest event id (0 when none): where a fresh stream without Last-Event-ID starts.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM events", cancellationToken: ct)) ?? 0;
    }

    /// <summary>
    /// Yields events for the audiences after afterId until <paramref name="ct"/> is cancelled, waking on Signal() and re-reading;
    /// emits nothing while idle. (The SSE endpoint reads batches itself, so its streams need no poll timer each.)
    /// </summary>
    public async IAsyncEnumerable<CrmEvent> StreamAsync(IReadOnlyCollection<string> audiences, long afterId,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var set = audiences as IReadOnlySet<string> ?? audiences.ToHashSet();
        var wake = new StreamWake();
        using var listening = Listen(set, wake);
        var last = afterId;
        while (true)
        {
            var since = wake.Arm();
            var batch = await ReadAsync(set, last, ct);
            foreach (var item in batch.Events) yield return item.Event;
            last = batch.ReadTo;
            if (batch.More) continue;
            await WaitForAsync(since, PollInterval, ct);
            if (!since.IsCompleted) Signal(); // polled without a signal: another writer (or a lost signal) may have appended
        }
    }

    private async Task<IReadOnlyList<CrmEvent>> ReadTableAsync(IReadOnlySet<string> audiences, long afterId, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (audiences.Count == 0) return [];
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CrmEvent>(new CommandDefinition($"""
            SELECT id, audience, name, data, created_at AS at FROM events
            WHERE audience {db.Dialect.InList("@audiences")} AND id > @afterId
            ORDER BY id LIMIT @max
            """, new { audiences = audiences.ToArray(), afterId, max }, cancellationToken: ct));
        return rows.AsList();
    }

    private async Task WaitForAsync(Task signalled, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await signalled.WaitAsync(timeout, time, ct);
        }
        catch (TimeoutException)
        {
            // Nothing was signalled in time; the caller re-reads or sends a heartbeat.
        }
    }

}
