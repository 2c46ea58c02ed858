using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.ServiceInterface.Data;

/// <summary>
/// Every difference between the two databases CrmSuite runs on, in one place: how a connection opens, what a write batch
/// takes first, how a migration run is kept to one node at a time. All other SQL text is shared by both.
/// </summary>
public abstract class SqlDialect
{
    public const string SqliteName = "sqlite", PostgresName = "postgres";

    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public static SqlDialect For(string provider) => provider switch
    {
        SqliteName => Sqlite,
        PostgresName => Postgres,
        _ => throw new InvalidOperationException($"Crm:Db:Provider '{provider}' is not known; use '{SqliteName}' or '{PostgresName}'."),
    };

    /// <summary>The dialect of an open connection, for static helpers that are handed one.</summary>
    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>The provider's name as Crm:Db:Provider spells it, and the folder of its migrations.</summary>
    public abstract string Name { get; }

    public abstract Task<DbConnection> OpenAsync(string connectionString, CancellationToken ct);

    /// <summary>Held while migrations run: on PostgreSQL several nodes may start at once, and only one may migrate.</summary>
    public abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Runs first in every write batch's transaction.</summary>
    public abstract Task BeginBatchAsync(DbConnection connection, DbTransaction tx);

    /// <summary>Writes (and, with <see cref="WriteProbeDeleteSql"/>, drops) 64 KiB: whether the database takes writes again.</summary>
    public abstract string WriteProbeSql { get; }

    public const string WriteProbeDeleteSql = "DELETE FROM write_probe";

    /// <summary>Runs after an event row is inserted, in the same transaction (PostgreSQL wakes every node's stream on commit).</summary>
    public string? AfterEventAppendedSql => NotifySql(ClusterSignal.Events);

    /// <summary>Tells every node about <paramref name="signal"/> when the transaction it runs in commits; null on SQLite (one node).</summary>
    public abstract string? NotifySql(ClusterSignal signal);

    /// <summary>
    /// The ids of customers whose search text contains every term (each at least three characters), or null when the
    /// dialect answers that with a plain LIKE over customers.search_text (PostgreSQL: a pg_trgm index serves it).
    /// </summary>
    public abstract string? TrigramMatchSql { get; }

    /// <summary>
    /// "messages m whose text contains @messageSearch", through the trigram index each engine has: an FTS5 table on SQLite,
    /// a pg_trgm GIN index on lower(text) on PostgreSQL. <see cref="MessageSearchValue"/> gives the parameter.
    /// </summary>
    public abstract string MessageTextContainsSql { get; }

    /// <summary>The @messageSearch value for <paramref name="text"/>: SQLite's quoted FTS phrase, or PostgreSQL's lower-cased LIKE pattern.</summary>
    public abstract string MessageSearchValue(string text);

    /// <summary>
    /// "column is one of this list" for a list parameter: Dapper spreads a list into IN (@p1, @p2...) on SQLite, and passes it
    /// whole as an array on PostgreSQL, where the test is = ANY. Use as <c>$"WHERE id {dialect.InList("@ids")}"</c>.
    /// </summary>
    public abstract string InList(string parameter);

    /// <summary>Appended to a SELECT of rows the transaction then rewrites: locks them on PostgreSQL; SQLite has one writer already.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Whether a failed change may simply run again: a deadlock or serialization failure, not a bug or bad data.</summary>
    public abstract bool IsTransient(Exception ex);

    private sealed class SqliteDialect : SqlDialect
    {
        // Per connection: an acknowledged write must survive power loss, and a busy database is waited for, not refused.
        private const string ConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

        // Native connections that already run with ConnectionPragmas; an entry goes when the pool lets its connection go.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

        public override string Name => SqliteName;

        public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken ct)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            // The settings stay with the pooled native connection: compiled and run once per connection, not once per open (twice per webhook).
            if (connection.Handle is { } handle && Configured.TryGetValue(handle, out _)) return connection;
            await using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            await command.ExecuteNonQueryAsync(ct);
            if (connection.Handle is { } opened) Configured.AddOrUpdate(opened, ConnectionPragmas);
            return connection;
        }

        public override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken ct)
        {
            // One process owns the file; WAL cannot be switched on inside a transaction and is persistent, so once per start.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            return NoLock.Instance;
        }

        // The writer checkpoints beside the batches, never inside one (a checkpoint there would stall every waiting change).
        public override Task BeginBatchAsync(DbConnection connection, DbTransaction tx) => Task.CompletedTask;

        public override string WriteProbeSql => "INSERT INTO write_probe (data) VALUES (zeroblob(65536))";

        public override string? NotifySql(ClusterSignal signal) => null;

        public override string InList(string parameter) => $"IN {parameter}";

        public override string ForUpdate => "";

        public override string? TrigramMatchSql => "SELECT rowid AS id FROM customer_search WHERE customer_search MATCH @match";

        public override string MessageTextContainsSql => "m.id IN (SELECT rowid FROM message_search WHERE message_search MATCH @messageSearch)";

        // Quoted, so the search's words and symbols are matched as written.
        public override string MessageSearchValue(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";

        public override bool IsTransient(Exception ex) => false;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        // Arbitrary but fixed keys of the two cluster-wide advisory locks ("CRM" in ASCII, then a suffix).
        private const long WriterLock = 0x43524D_01, MigrationLock = 0x43524D_02;

        public override string Name => PostgresName;

        public override async Task<DbConnection> OpenAsync(string connectionString, CancellationToken ct)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            return connection;
        }

        public override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken ct)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock });
            return new Unlock(connection);
        }

        /// <summary>
        /// One batch at a time across every node: routing decides on fresh rows (no two nodes offer from the same read),
        /// and event ids are handed out in commit order, so a stream reading "id &gt; last" can never skip a late commit.
        /// </summary>
        public override Task BeginBatchAsync(DbConnection connection, DbTransaction tx) =>
            connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@WriterLock)", new { WriterLock }, tx);

        public override string WriteProbeSql => "INSERT INTO write_probe (data) VALUES (decode(repeat('00', 65536), 'hex'))";

        public override string? NotifySql(ClusterSignal signal) => $"SELECT pg_notify('{ClusterChannel}', '{signal}')";

        public override string? TrigramMatchSql => null;

        public override string MessageTextContainsSql => "lower(m.text) LIKE @messageSearch ESCAPE '\\'";

        public override string MessageSearchValue(string text) => SqlLike.Contains(text);

        public override string InList(string parameter) => $"= ANY({parameter})";

        public override string ForUpdate => " FOR UPDATE";

        // 40001 serialization failure, 40P01 deadlock: the server undid the statement, and running it again is safe.
        public override bool IsTransient(Exception ex) => ex is PostgresException { SqlState: "40001" or "40P01" };

        private sealed class Unlock(DbConnection connection) : IAsyncDisposable
        {
            public async ValueTask DisposeAsync() => await connection.ExecuteAsync("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock });
        }
    }

    /// <summary>The PostgreSQL NOTIFY channel every node listens on; the payload names a <see cref="ClusterSignal"/>.</summary>
    public const string ClusterChannel = "crm_cluster";

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>What one node tells the others happened (the NOTIFY payload is the name), so they wake the part that must look again.</summary>
public enum ClusterSignal { Events, Inbox, Settings }
