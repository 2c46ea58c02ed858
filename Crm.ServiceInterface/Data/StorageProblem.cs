using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.ServiceInterface.Data;

/// <summary>Why the database refuses writes (a full disk, a read-only file), in words an operator can act on, and since when.</summary>
public sealed record StorageProblem(string Kind, string Description, DateTimeOffset Since)
{
    private const int SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>The storage problem behind <paramref name="ex"/>, or null when it is any other failure (a constraint, a bug).</summary>
    public static StorageProblem? Of(Exception ex, DateTimeOffset now) => ex switch
    {
        DatabaseUnavailableException unavailable => unavailable.Problem,
        SqliteException { SqliteErrorCode: SqliteFull } => new("full",
            "The database is full: the disk has no space left (or Crm:Db:MaxSizeMegabytes is reached). Writes are refused until space returns.", now),
        SqliteException { SqliteErrorCode: SqliteReadOnly } => new("read-only",
            "The database file is read-only (file permissions, a read-only mount). Writes are refused until it is writable again.", now),
        SqliteException { SqliteErrorCode: SqliteIoError } => new("io-error",
            "The disk reports an I/O error writing the database file (often a full disk). Writes are refused until it recovers.", now),
        SqliteException { SqliteErrorCode: SqliteCantOpen } => new("cannot-open",
            "The database file cannot be opened (a missing folder, permissions, no space for its journal). Writes are refused.", now),
        PostgresException { SqlState: "53100" } => new("full",
            "The PostgreSQL server's disk is full. Writes are refused until space returns.", now),
        PostgresException { SqlState: "25006" } => new("read-only",
            "The PostgreSQL server is read-only (a standby, or default_transaction_read_only). Writes are refused until it takes them.", now),
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" }
            or NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException }
            or NpgsqlException { IsTransient: true } and not PostgresException => new("unreachable",
            "The PostgreSQL server cannot be reached or is shutting down. Writes are refused until it answers again.", now),
        _ => null,
    };
}

/// <summary>
/// A change was not made because the database cannot store it right now. Nothing of it was stored: the host answers 503 with
/// Retry-After, so a platform delivers the webhook again later instead of believing it was taken.
/// </summary>
public sealed class DatabaseUnavailableException(StorageProblem problem, Exception inner) : Exception(problem.Description, inner)
{
    public const int RetryAfterSeconds = 30;

    public StorageProblem Problem { get; } = problem;
}
