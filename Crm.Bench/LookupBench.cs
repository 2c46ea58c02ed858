using System.Diagnostics;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Bench;

/// <summary>
/// `lookup`: 1,000,000 customers with 2 identities each, then p50/p99 of identity look-up, screen pop and search,
/// next to the p99 of a bare `SELECT 1` on a fresh pooled connection (the baseline) measured in the same run.
/// </summary>
public static class LookupBench
{
    private static readonly string[] First =
    [
        "maria", "john", "ana", "li", "oluwaseun", "sofia", "lucas", "emma", "noah", "aisha",
        "mateo", "chloe", "yuki", "omar", "lena", "diego", "fatima", "ivan", "nora", "sam",
    ];

    private static readonly string[] Last =
    [
        "lopez", "smith", "garcia", "chen", "okafor", "rossi", "muller", "dubois", "kim", "khan",
        "silva", "novak", "jensen", "haddad", "tanaka", "brown", "ivanova", "nakamura", "walsh", "moreau",
    ];

    public static async Task RunAsync(string[] args)
    {
        var customers = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        var folder = Directory.CreateTempSubdirectory("crm-bench-").FullName;
        var db = new CrmDb(new CrmDbOptions { ConnectionString = $"Data Source={Path.Combine(folder, "crm.db")}" });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Migrator.Embedded("sqlite"));

        var seeding = Stopwatch.StartNew();
        await SeedAsync(db, customers);
        Console.WriteLine($"Seeded {customers:N0} customers with 2 identities each, and {(customers + 4) / 5 * 3:N0} cases, " +
            $"in {seeding.Elapsed.TotalSeconds:F0} s ({folder}).");

        var time = TimeProvider.System;
        var options = new CustomerOptions { DefaultRegion = "US" };
        var fields = new CustomFieldsServices(db);
        var crm = new CustomersServices(db, time, options, fields);
        var screenPop = new ScreenPopServices(db, fields, options);
        var random = new Random(42);
        int Pick() => random.Next(customers);

        var baseline = new Latency("baseline: SELECT 1");
        await baseline.MeasureAsync(20_000, async _ => { await using var c = await db.OpenAsync(); await c.ExecuteScalarAsync<long>("SELECT 1"); });

        var lookup = new Latency("identity look-up");
        await lookup.MeasureAsync(20_000, async i => _ = i % 2 == 0
            ? await crm.LookupAsync("sms", Phone(Pick()))
            : await crm.LookupAsync("email", Email(Pick())));

        var pop = new Latency("screen pop");
        await pop.MeasureAsync(10_000, async _ => await screenPop.GetAsync("whatsapp", Phone(Pick()).TrimStart('+'), null));

        var search = new Latency("search");
        await search.MeasureAsync(3_000, async i => await crm.SearchAsync((i % 4) switch
        {
            0 => $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}",
            1 => Phone(Pick())[^8..^4] + " " + Phone(Pick())[^4..],
            2 => Email(Pick())[..8],
            _ => Last[random.Next(Last.Length)],
        }, 1, 25), warmup: 50);

        Console.WriteLine();
        Console.WriteLine($"Crm.Bench lookup: {customers:N0} customers, {Environment.ProcessorCount} cores, SQLite {SqliteVersion(db)}");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(baseline.Row(baseline));
        Console.WriteLine(lookup.Row(baseline, 1));
        Console.WriteLine(pop.Row(baseline, 5));
        Console.WriteLine(search.Row(baseline, 50));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, true);
    }

    private static string Phone(int i) => $"+1415{2_000_000 + i:D7}";

    private static string Email(int i) => $"{First[i % First.Length]}.{Last[i / First.Length % Last.Length]}{i}@example.com";

    /// <summary>Bulk load through one prepared statement per table: the service path would take hours for a million rows.</summary>
    private static async Task SeedAsync(CrmDb db, int count)
    {
        await using var c = (SqliteConnection)await db.OpenAsync();
        await c.ExecuteAsync("PRAGMA synchronous = OFF");
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var customer = Prepare(c, tx,
            "INSERT INTO customers (id, name, search_text, created_at, updated_at) VALUES ($id, $name, $text, $now, $now)",
            "$id", "$name", "$text", "$now");
        var identity = Prepare(c, tx,
            "INSERT INTO customer_identities (customer_id, kind, address, tail, created_at) VALUES ($id, $kind, $address, $tail, $now)",
            "$id", "$kind", "$address", "$tail", "$now");
        var caseRow = Prepare(c, tx,
            "INSERT INTO cases (subject, status, customer_id, channel, created_at, updated_at, closed_at) " +
            "VALUES ('Order status', 'Closed', $id, 'sms', $now, $now, $now)", "$id", "$now");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < count; i++)
        {
            var name = $"{First[i % First.Length]} {Last[i / First.Length % Last.Length]}";
            IdentityRow[] identities = [new("phone", Phone(i)), new("email", Email(i))];
            Run(customer, i + 1, name, CustomerRows.SearchText(name, identities), now);
            foreach (var identity1 in identities)
                Run(identity, i + 1, identity1.Kind, identity1.Address, CustomerRows.Tail(identity1), now);
            if (i % 5 == 0)
                for (var n = 0; n < 3; n++) Run(caseRow, i + 1, now - n * 86_400_000L);
        }
        await tx.CommitAsync();
        await c.ExecuteAsync("PRAGMA optimize; ANALYZE;");
    }

    private static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static string SqliteVersion(CrmDb db)
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        return c.ExecuteScalar<string>("SELECT sqlite_version()")!;
    }
}
