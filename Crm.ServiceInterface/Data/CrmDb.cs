using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Crm.ServiceInterface.Data;

public sealed class CrmDbOptions
{
    /// <summary>A full connection string; relative SQLite paths are resolved by the host before they get here.</summary>
    public string ConnectionString { get; set; } = "";
    public string Provider { get; set; } = "sqlite";
}

/// <summary>Opens connections to the CRM database with the settings every connection needs, and runs every write.</summary>
public sealed class CrmDb(CrmDbOptions options) : IAsyncDisposable
{
    // Run on every pooled open: these pragmas are per connection, and an acknowledged write must survive power loss.
    private const string ConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";
    private const int MaxBatch = 256;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<IChange> writes = Channel.CreateUnbounded<IChange>(new UnboundedChannelOptions { SingleReader = true });
    private int writerStarted;
    private readonly CancellationTokenSource stopping = new();
    private Task writer = Task.CompletedTask;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

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
        var checkpoints = Task.Run(CheckpointLoopAsync);
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
        try
        {
            await using var connection = await OpenAsync();
            await connection.ExecuteAsync("PRAGMA wal_autocheckpoint = 0;");
            await using var tx = await connection.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "change" + i;
                await tx.SaveAsync(savepoint);
                try
                {
                    await batch[i].RunAsync(connection, tx);
                    await tx.ReleaseAsync(savepoint);
                    done.Add(batch[i]);
                }
                catch (Exception ex)
                {
                    await tx.RollbackAsync(savepoint);
                    await tx.ReleaseAsync(savepoint);
                    batch[i].Fail(ex);
                }
            }
            await tx.CommitAsync();
        }
        catch (Exception ex)
        {
            foreach (var change in done) change.Fail(ex); // the commit failed: nothing of this batch is durable
            return;
        }
        foreach (var change in done) change.Complete();
    }

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
