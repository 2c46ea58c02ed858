using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Reports;

/// <summary>
/// report_hours: each (hour, queue, channel)'s settled conversations packed in one row, kept in the settling write. Writing a
/// conversation again removes its entry wherever it was and adds it where it is now, so every path stays idempotent.
/// </summary>
public static class ReportHours
{
    private readonly record struct Key(long Hour, long QueueId, string Channel);

    /// <summary>The rollup row a conversation had before this write: where its old entry is to be removed from.</summary>
    public readonly record struct Previous(long ConversationId, long CreatedAt, long QueueId, string Channel);

    /// <summary>Replaces the entries of <paramref name="facts"/>; each hour row is read (locked on PostgreSQL) and written once.</summary>
    public static async Task WriteAsync(DbConnection c, DbTransaction tx, IReadOnlyList<ConversationFact> facts, IEnumerable<Previous> previous)
    {
        var ids = facts.Select(f => f.Id).ToHashSet();
        var added = facts.ToLookup(f => new Key(f.CreatedAt / HourEntry.HourMs, f.QueueId, f.Channel));
        var keys = added.Select(g => g.Key).Concat(previous.Select(p => new Key(p.CreatedAt / HourEntry.HourMs, p.QueueId, p.Channel))).Distinct()
            .OrderBy(k => k.Hour).ThenBy(k => k.QueueId).ThenBy(k => k.Channel, StringComparer.Ordinal); // one lock order: no deadlock between nodes
        var forUpdate = SqlDialect.Of(c).ForUpdate;
        foreach (var key in keys)
        {
            // The row exists first, so the lock below always has a row to hold (two nodes creating the same hour wait on each other).
            await c.ExecuteAsync("""
                INSERT INTO report_hours (hour, queue_id, channel, entries) VALUES (@Hour, @QueueId, @Channel, @empty)
                ON CONFLICT (hour, queue_id, channel) DO NOTHING
                """, new { key.Hour, key.QueueId, key.Channel, empty = HourEntries.Encode(key.Hour, []) }, tx);
            var (id, data) = await c.QuerySingleAsync<(long, byte[])>(
                $"SELECT id, entries FROM report_hours WHERE hour = @Hour AND queue_id = @QueueId AND channel = @Channel{forUpdate}", key, tx);
            var entries = HourEntries.Decode(key.Hour, data).Where(e => !ids.Contains(e.Id)).Concat(added[key].Select(HourEntry.Of))
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToList();
            await c.ExecuteAsync("UPDATE report_hours SET entries = @data WHERE id = @id", new { id, data = HourEntries.Encode(key.Hour, entries) }, tx);
        }
    }

    /// <summary>Whether every rollup row is in report_hours too (false while the fill after an upgrade runs: read the rows then).</summary>
    public static async Task<bool> CompleteAsync(ReportSnapshot s) =>
        await s.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT 1 FROM report_conversations WHERE in_hours = 0 LIMIT 1) p",
            transaction: s.Tx) == 0;

    /// <summary>Hands each entry of the hours from <paramref name="firstHour"/> to <paramref name="lastHour"/> to <paramref name="visit"/>, decoded
    /// into one reused instance (with the queue of its row): a visitor copies what it keeps.</summary>
    public static async Task ReadAsync(ReportSnapshot s, long firstHour, long lastHour, long? queueId, string? channel,
        Action<long, string, HourEntry> visit, CancellationToken ct)
    {
        await using var reader = await s.Connection.ExecuteReaderAsync($"""
            SELECT hour, queue_id, channel, entries FROM report_hours WHERE hour >= @firstHour AND hour <= @lastHour
            {(queueId is null ? "" : "AND queue_id = @queueId")} {(channel is null ? "" : "AND channel = @channel")}
            """, new { firstHour, lastHour, queueId, channel }, s.Tx);
        var entry = new HourEntry();
        while (await reader.ReadAsync(ct))
        {
            var (queue, rowChannel) = (reader.GetInt64(1), reader.GetString(2));
            HourEntries.Visit(reader.GetInt64(0), reader.GetFieldValue<byte[]>(3), entry, e => visit(queue, rowChannel, e));
        }
    }

    /// <summary>The settled entries of a report's window and filters: each by its exact arrival, so any zone's day or hour is exact.</summary>
    public static Task WindowAsync(ReportSnapshot s, ReportFilter f, Action<long, HourEntry> visit, CancellationToken ct) =>
        ReadAsync(s, f.From / HourEntry.HourMs, (f.To - 1) / HourEntry.HourMs, f.QueueId, f.Channel, (queue, channel, e) =>
        {
            if (Matches(f, queue, channel, e)) visit(queue, e);
        }, ct);

    /// <summary>Whether an entry of a (queue, channel) row is one of the filter's: arrived in its window, its queue, channel and agent.</summary>
    public static bool Matches(ReportFilter f, long queueId, string channel, HourEntry e) =>
        e.CreatedAt >= f.From && e.CreatedAt < f.To && (f.QueueId is null || f.QueueId == queueId) && (f.Channel is null || f.Channel == channel)
        && (f.AgentId is not { } agent || e.Parts.Exists(p => p.AgentId == agent));
}

/// <summary>Counts per key, several at once (received, answered, ...), for the reports that add up entries.</summary>
public sealed class Tally<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, long[]> counts = [];
    private readonly int width;

    public Tally(int width) => this.width = width;

    public long[] this[TKey key] => counts.TryGetValue(key, out var n) ? n : counts[key] = new long[width];

    public IEnumerable<KeyValuePair<TKey, long[]>> All => counts;
}
