using Microsoft.Data.Sqlite;

namespace Crm.ServiceInterface.Data;

public sealed class CrmDbOptions
{
    /// <summary>A full connection string; relative SQLite paths are resolved by the host before they get here.</summary>
    public string ConnectionString { get; set; } = "";
    public string Provider { get; set; } = "sqlite";
}

/// <summary>Opens connections to the CRM database with the settings every connection needs.</summary>
public sealed class CrmDb(CrmDbOptions options)
{
    // Run on every pooled open: these pragmas are per connection, and an acknowledged write must survive power loss.
    private const string ConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    public string ConnectionString => options.ConnectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE, so concurrent writers queue instead of failing).</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct = default) =>
        InTransactionAsync<bool>(async (c, t) => { await work(c, t); return true; }, ct);

    /// <summary>Resolves a relative SQLite "Data Source" against <paramref name="baseDirectory"/> and makes sure its folder exists.</summary>
    public static string ResolveSqlitePath(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !Path.IsPathRooted(source))
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        return builder.ToString();
    }

    public static string SqliteFilePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
