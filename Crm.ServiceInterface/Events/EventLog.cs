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
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private const int StreamBatch = 200;

    // Same shape as the HTTP API's JSON (camelCase, enums by name), so a desktop reads an event like a REST answer.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Lock gate = new();
    private TaskCompletionSource wake = NewWake();

    // The wake-up this flow saw just before its last ReadAsync: a Signal() after that read started still wakes WaitAsync.
    private readonly AsyncLocal<Task?> wakeBeforeRead = new();

    /// <summary>Appends inside the caller's transaction; returns the event id.</summary>
    public static Task<long> AppendAsync(DbConnection connection, DbTransaction tx, string audience, string name, object data, long now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(data);
        // The name becomes the SSE "event:" line; a line break would split the frame.
        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("An event name cannot contain a line break.", nameof(name));
        var json = JsonSerializer.Serialize(data, data.GetType(), Json);
        return connection.ExecuteScalarAsync<long>(
            "INSERT INTO events (audience, name, data, created_at) VALUES (@audience, @name, @json, @now) RETURNING id",
            new { audience, name, json, now }, tx);
    }

    /// <summary>Call after the transaction committed: wakes every waiting stream (cheap, no I/O).</summary>
    public void Signal()
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            woken = wake;
            wake = NewWake();
        }
        woken.TrySetResult();
    }

    /// <summary>Events for any of these audiences with id &gt; afterId, oldest first, at most max.</summary>
    public Task<IReadOnlyList<CrmEvent>> ReadAsync(IReadOnlyCollection<string> audiences, long afterId, int max, CancellationToken ct = default)
    {
        // Taken before the query starts (and outside any async method, so it stays in the caller's flow).
        wakeBeforeRead.Value = CurrentWake();
        return ReadCoreAsync(audiences, afterId, max, ct);
    }

    /// <summary>The newest event id (0 when none): where a fresh stream without Last-Event-ID starts.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM events", cancellationToken: ct)) ?? 0;
    }

    /// <summary>
    /// Completes when Signal() is called after this call started, or after this flow's last ReadAsync started,
    /// or after <paramref name="timeout"/>, whichever comes first. A timeout is not an error.
    /// </summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var since = wakeBeforeRead.Value ?? CurrentWake();
        wakeBeforeRead.Value = null;
        return WaitForAsync(since, timeout, ct);
    }

    /// <summary>
    /// Yields events for the audiences after afterId until <paramref name="ct"/> is cancelled, waking on Signal() and re-reading;
    /// emits nothing while idle (the endpoint sends heartbeats).
    /// </summary>
    public async IAsyncEnumerable<CrmEvent> StreamAsync(IReadOnlyCollection<string> audiences, long afterId,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var last = afterId;
        while (true)
        {
            var since = CurrentWake();
            var batch = await ReadCoreAsync(audiences, last, StreamBatch, ct);
            foreach (var item in batch)
            {
                yield return item;
                last = item.Id;
            }
            if (batch.Count < StreamBatch)
                await WaitForAsync(since, PollInterval, ct);
        }
    }

    private async Task<IReadOnlyList<CrmEvent>> ReadCoreAsync(IReadOnlyCollection<string> audiences, long afterId, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (audiences.Count == 0) return [];
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CrmEvent>(new CommandDefinition("""
            SELECT id, audience, name, data, created_at AS at FROM events
            WHERE audience IN @audiences AND id > @afterId
            ORDER BY id LIMIT @max
            """, new { audiences, afterId, max }, cancellationToken: ct));
        return rows.AsList();
    }

    private Task CurrentWake()
    {
        lock (gate) return wake.Task;
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

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
