using Crm.ServiceInterface.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Tests.Data;

[Trait("Db", "sqlite")] // SQLite migration files; PostgreSQL migrations are checked by SchemaParityTests
public sealed class MigratorTests : IDisposable
{
    private readonly TestFolder folder = new();
    private readonly CrmDb db;
    private readonly Migrator migrator;

    public MigratorTests()
    {
        db = new CrmDb(new CrmDbOptions { ConnectionString = $"Data Source={folder.File("crm.db")}" });
        migrator = new Migrator(db, NullLogger<Migrator>.Instance);
    }

    [Fact]
    public async Task Migrations_apply_in_order_once_and_are_recorded()
    {
        var migrations = Folder(
            ("0002_second.sql", "INSERT INTO things (name) VALUES ('from 2');"),
            ("0001_first.sql", "CREATE TABLE things (name TEXT NOT NULL);"));

        Assert.Equal(2, await migrator.MigrateAsync(migrations));
        Assert.Equal(0, await migrator.MigrateAsync(migrations));

        await using var connection = await db.OpenAsync();
        Assert.Equal(["0001_first.sql", "0002_second.sql"], await connection.QueryAsync<string>("SELECT file_name FROM schema_migrations ORDER BY version"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM things"));
    }

    [Fact]
    public async Task A_failing_migration_names_its_file_and_leaves_nothing_half_done()
    {
        var migrations = Folder(
            ("0001_good.sql", "CREATE TABLE good (id INTEGER);"),
            ("0002_broken.sql", "CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(migrations));

        Assert.Contains("0002_broken.sql", failure.Message);
        Assert.Contains("no_such_table", failure.Message);
        await using var connection = await db.OpenAsync();
        Assert.Equal(["0001"], await connection.QueryAsync<string>("SELECT version FROM schema_migrations"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"));
    }

    [Fact]
    public void A_misnamed_migration_file_is_refused()
    {
        File.WriteAllText(folder.File("first.sql"), "SELECT 1;");

        var failure = Assert.Throws<InvalidOperationException>(() => Migrator.FromDirectory(folder.Path));

        Assert.Contains("first.sql", failure.Message);
    }

    [Fact]
    public async Task Connections_are_durable_wal_with_foreign_keys()
    {
        await migrator.MigrateAsync(Migrator.Embedded("sqlite"));
        await using var connection = await db.OpenAsync();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // 2 = FULL
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.True(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout") >= 5000);
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (999, 'Agent')"));
    }

    [Fact]
    public void The_embedded_schema_is_the_db_folder_in_order()
    {
        var embedded = Migrator.Embedded("sqlite");
        var onDisk = Directory.GetFiles(Path.Combine(RepoRoot(), "db", "migrations", "sqlite"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, embedded.Select(m => m.FileName));
    }

    private IReadOnlyList<Migration> Folder(params (string Name, string Sql)[] files)
    {
        var dir = Directory.CreateDirectory(folder.File("migrations")).FullName;
        foreach (var (name, sql) in files) File.WriteAllText(Path.Combine(dir, name), sql);
        return Migrator.FromDirectory(dir);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("CrmSuite.sln not found above the test binaries.");
    }

    public void Dispose() => folder.Dispose();
}
