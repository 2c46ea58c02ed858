using Crm.ServiceInterface.Data;
using Microsoft.Data.Sqlite;

namespace Crm.Tests.Data;

/// <summary>The connection settings run once per native connection (issue 14): a connection the pool hands out again, or a new one, has them all.</summary>
[Trait("Db", "sqlite")] // PostgreSQL sets these on the server, not per connection
public sealed class ConnectionSettingsTests : IDisposable
{
    private readonly TestFolder folder = new();

    [Fact]
    public async Task A_pooled_connection_opened_again_and_one_opened_after_the_pool_was_cleared_both_run_durable_with_foreign_keys()
    {
        var db = new CrmDb(new CrmDbOptions { ConnectionString = $"Data Source={folder.File("crm.db")}" });
        await using (var first = await db.OpenAsync())
            await AssertSettingsAsync(first);
        await using (var again = await db.OpenAsync()) // the same native connection, from the pool: not configured a second time
            await AssertSettingsAsync(again);
        SqliteConnection.ClearAllPools();
        await using (var fresh = await db.OpenAsync())
            await AssertSettingsAsync(fresh);
    }

    private static async Task AssertSettingsAsync(DbConnection connection)
    {
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // 2 = FULL
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(10000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    public void Dispose() => folder.Dispose();
}
