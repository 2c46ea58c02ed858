using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Crm.ServiceInterface.Data;

public sealed class CrmDbOptions
{
    /// <summary>A full connection string; relative SQLite paths are resolved by the host before they get here.</summary>
    public string ConnectionString { get; set; } = "";
    public string Provider { get; set; } = "sqlite";

    /// <summary>A cap on the database file (Crm:Db:MaxSizeMegabytes): past it writes are refused as on a full disk. Read at every write batch.</summary>
    public double? MaxSizeMegabytes { get; set; }
}

/// <summary>Opens connections to the CRM database with the settings every connection needs, and runs every write.</summary>
public sealed class CrmDb(CrmDbOptions options, TimeProvider? time = null) : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int MaxAttempts = 3; // a change the server undid as a deadlock runs again, at most this often
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<IChange> writes = Channel.CreateUnbounded<IChange>(new UnboundedChannelOptions { SingleReader = true });
    private const long NoSizeCap = 4294967294; // SQLite's largest max_page_count
    private int writerStarted;
    private bool sizeCapped;
    private readonly CancellationTokenSource stopping = new();
    private Task writer = Task.CompletedTask;

    /// <summary>
    /// Why writes fail (a full disk, a read-only file), or null while they succeed; set by a failed write, cleared by
    /// <see cref="ProbeWriteAsync"/>.
    /// </summary>
    public StorageProblem? WriteProblem { get; private set; }

    static CrmDb() => FlagHandler.Register();

    /// <summary>The database this runs on; SQL that differs between SQLite and PostgreSQL asks it.</summary>
    public SqlDialect Dialect { get; } = SqlDialect.For(options.Provider);

    public Task<DbConnection> OpenAsync(CancellationToken ct = default) => Dialect.OpenAsync(options.ConnectionString, ct);

    /// <summary>
    /// Runs <paramref name="work"/> as one atomic change and returns once it is durable. Changes queue for a single writer,
    /// which runs all that are waiting in one transaction, each inside its own savepoint (a failing change undoes only itself),
    /// then commits them with one fsync: group commit, so durable writes stay fast under load. A lone change commits at once.
    /// </summary>
    /// <remarks>Never call it from inside <paramref name="work"/>: the writer would wait for itself.</remarks>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        var change = new Change<T>(work, ct);
        if (!writes.Writer.TryWrite(change)) throw new ObjectDisposedException(nameof(CrmDb), "The database is shutting down; the change was not made.");
        if (Interlocked.Exchange(ref writerStarted, 1) == 0) writer = Task.Run(WriteLoopAsync);
        return change.Result;
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

    private async Task WriteLoopAsync()
    {
        var checkpoints = Dialect == SqlDialect.Sqlite ? Task.Run(CheckpointLoopAsync) : Task.CompletedTask;
        var batch = new List<IChange>(MaxBatch);
        while (await writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && writes.Reader.TryRead(out var change))
                if (!change.Cancelled()) batch.Add(change);
            if (batch.Count > 0) await CommitBatchAsync(batch);
        }
        await checkpoints;
    }

    // The WAL is copied back into the database beside the writer, not inside a commit: a checkpoint there would stall every change waiting.
    private async Task CheckpointLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckpointInterval, stopping.Token);
                await using var connection = await OpenAsync();
                await connection.ExecuteAsync("PRAGMA wal_checkpoint(PASSIVE);");
            }
            catch (OperationCanceledException) { return; }
            catch (Exception) { /* the next round retries; the WAL only grows meanwhile */ }
        }
    }

    private async Task CommitBatchAsync(List<IChange> batch)
    {
        var done = new List<IChange>(batch.Count);
        StorageProblem? problem = null;
        try
        {
            await using var connection = await OpenAsync();
            if (Dialect == SqlDialect.Sqlite)
            {
                await connection.ExecuteAsync("PRAGMA wal_autocheckpoint = 0;");
                await ApplySizeCapAsync(connection);
            }
            await using var tx = await connection.BeginTransactionAsync();
            await Dialect.BeginBatchAsync(connection, tx);
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "change" + i;
                for (var attempt = 1; ; attempt++)
                {
                    await tx.SaveAsync(savepoint);
                    try
                    {
                        await batch[i].RunAsync(connection, tx);
                        await tx.ReleaseAsync(savepoint);
                        done.Add(batch[i]);
                        break;
                    }
                    catch (Exception ex)
                    {
                        var storage = StorageProblem.Of(ex, Now());
                        problem ??= storage;
                        // A full disk may have rolled the whole transaction back already: then this throws, and the batch fails below.
                        await tx.RollbackAsync(savepoint);
                        await tx.ReleaseAsync(savepoint);
                        if (storage is null && attempt < MaxAttempts && Dialect.IsTransient(ex)) continue;
                        batch[i].Fail(storage is null ? ex : new DatabaseUnavailableException(storage, ex));
                        break;
                    }
                }
            }
            await tx.CommitAsync();
        }
        catch (Exception ex)
        {
            problem = StorageProblem.Of(ex, Now()) ?? problem;
            if (problem is not null) WriteProblem ??= problem;
            // The commit failed: nothing of this batch is durable, and every change still waiting hears so (none is left hanging).
            var failure = problem is null ? ex : new DatabaseUnavailableException(problem, ex);
            foreach (var change in batch) change.Fail(failure);
            return;
        }
        if (problem is not null) WriteProblem ??= problem; // cleared only by the probe: a small write that fits proves no space returned
        foreach (var change in done) change.Complete();
    }

    /// <summary>
    /// Writes (and drops) 64 KiB, to tell whether space has returned when no other write says so: /healthz runs it while
    /// <see cref="WriteProblem"/> is set, and a success clears it.
    /// </summary>
    public async Task ProbeWriteAsync(CancellationToken ct = default)
    {
        await InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(Dialect.WriteProbeSql, transaction: tx);
            await c.ExecuteAsync(SqlDialect.WriteProbeDeleteSql, transaction: tx);
        }, ct);
        WriteProblem = null;
    }

    // The cap is per connection and pooled connections keep it: once one was set, every batch says the current one (or none).
    private async Task ApplySizeCapAsync(DbConnection connection)
    {
        if (options.MaxSizeMegabytes is not null) sizeCapped = true;
        else if (!sizeCapped) return;
        var pages = options.MaxSizeMegabytes is { } mb
            ? Math.Max(1, (long)(mb * 1024 * 1024 / await connection.ExecuteScalarAsync<long>("PRAGMA page_size")))
            : NoSizeCap;
        await connection.ExecuteAsync($"PRAGMA max_page_count = {pages};");
    }

    private DateTimeOffset Now() => (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>At shutdown: every change already queued still commits, then the writer and the checkpoints stop.</summary>
    public async ValueTask DisposeAsync()
    {
        writes.Writer.TryComplete();
        await stopping.CancelAsync();
        await writer;
        stopping.Dispose();
    }

    private interface IChange
    {
        bool Cancelled();
        Task RunAsync(DbConnection connection, DbTransaction tx);
        void Fail(Exception ex);
        void Complete();
    }

    /// <summary>One queued change; its caller learns the outcome only after the batch commit.</summary>
    private sealed class Change<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) : IChange
    {
        private readonly TaskCompletionSource<T> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => outcome.Task;

        public bool Cancelled() => ct.IsCancellationRequested && outcome.TrySetCanceled(ct);

        public async Task RunAsync(DbConnection connection, DbTransaction tx) => value = await work(connection, tx);

        public void Fail(Exception ex) => outcome.TrySetException(ex);

        public void Complete() => outcome.TrySetResult(value!);
    }
}
