using System.Collections.Concurrent;

namespace Crm.Tests.Infrastructure;

/// <summary>A demo database seeded once: its SQLite folder, or the PostgreSQL database new ones are copied from.</summary>
internal sealed record DemoTemplate(string Folder, string? Database);

/// <summary>
/// The demo contact center seeded once per test run and number of customers, then copied for each demo app: seeding for every
/// test cost seconds each (thousands of rows, on PostgreSQL one round trip per row).
/// </summary>
internal static class DemoTemplates
{
    private static readonly ConcurrentDictionary<string, Lazy<DemoTemplate>> Made = new();

    public static DemoTemplate For(string? customers) =>
        Made.GetOrAdd(customers ?? "", key => new Lazy<DemoTemplate>(() => Seed(key), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static DemoTemplate Seed(string customers)
    {
        var folder = new TestFolder(); // kept for the run: the PostgreSQL server and the temp folders go with the test process
        var settings = customers.Length == 0 ? null : new Dictionary<string, string?> { ["Crm:Seed:Customers"] = customers };
        using (var app = new CrmApp(folder, demo: true, settings, freshSeed: true))
            _ = app.Services; // starting the host migrates and seeds
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the last connection closing checkpoints the WAL into crm.db
        Npgsql.NpgsqlConnection.ClearAllPools(); // a template cannot be copied while anyone is connected to it
        return new DemoTemplate(folder.Path, TestDb.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(folder.CrmConnectionString).Database : null);
    }
}
