namespace Crm.ServiceInterface.Data;

/// <summary>
/// Configuration that every inbound message reads and only admins write, kept in memory and loaded again when the stamp in
/// <c>config_version</c> moves. Triggers move the stamp in the transaction of any write to those tables (migration 0029), so a
/// reader that takes the stamp in its own transaction sees every change committed before it, on every node.
/// </summary>
public sealed class ConfigCache<T>(Func<DbConnection, DbTransaction?, Task<T>> load) where T : class
{
    private sealed record Loaded(long Version, T Value);

    private Loaded? current;

    /// <summary>
    /// The configuration as of <paramref name="version"/> (read by the caller in the same transaction): the kept copy when the
    /// stamp has not moved, else loaded now. Loading after the stamp was read can only label newer rows with an older stamp,
    /// which costs one more load later, never a stale answer.
    /// </summary>
    public async Task<T> GetAsync(DbConnection c, DbTransaction? tx, long version)
    {
        if (Volatile.Read(ref current) is { } kept && kept.Version == version) return kept.Value;
        var value = await load(c, tx);
        Volatile.Write(ref current, new Loaded(version, value));
        return value;
    }

    /// <summary>Reads the stamp, then the configuration: for readers outside a routing change.</summary>
    public async Task<T> GetAsync(DbConnection c, DbTransaction? tx = null) => await GetAsync(c, tx, await ConfigVersion.ReadAsync(c, tx));
}

/// <summary>The stamp in <c>config_version</c> that triggers move on every write to the configuration kept in memory.</summary>
public static class ConfigVersion
{
    /// <summary>The stamp as this transaction sees it; read it before the configuration, never after (see <see cref="ConfigCache{T}"/>).</summary>
    public static Task<long> ReadAsync(DbConnection c, DbTransaction? tx) =>
        c.ExecuteScalarAsync<long>("SELECT version FROM config_version WHERE id = 1", transaction: tx);
}
