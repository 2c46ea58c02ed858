using System.Text.RegularExpressions;
using Crm.ServiceInterface.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Tests.Data;

/// <summary>
/// db/migrations/sqlite and db/migrations/postgres build the same schema: the same tables, columns (name, order, type family,
/// NOT NULL, default), keys, unique constraints, foreign keys, CHECK constraints and named indexes. The only differences
/// allowed are listed here with their reason.
/// </summary>
[Trait("Db", "both")]
public sealed partial class SchemaParityTests
{
    // SQLite's FTS5 trigram tables (and their shadow tables); PostgreSQL serves the same searches with pg_trgm indexes.
    private static readonly string[] SqliteFullTextTables = ["customer_search", "message_search"];
    private static readonly string[] PostgresOnlyIndexes = ["customers.ix_customers_search", "messages.ix_messages_text_trgm"];

    private static bool SqliteOnly(string table) => SqliteFullTextTables.Any(fts => table == fts || table.StartsWith(fts + "_", StringComparison.Ordinal));

    [Fact]
    public async Task Both_dialects_migrate_to_the_same_schema()
    {
        using var folder = new TestFolder();
        var sqlite = await SqliteSchemaAsync(folder.File("parity.db"));
        var postgres = await PostgresSchemaAsync("parity_" + Guid.NewGuid().ToString("N")[..12]);

        Assert.Equal(sqlite.Keys.Where(t => !SqliteOnly(t)).Order(), postgres.Keys.Order());
        foreach (var table in postgres.Keys)
        {
            var (lite, pg) = (sqlite[table], postgres[table]);
            Assert.Equal(Lines(table, lite.Columns), Lines(table, pg.Columns));
            Assert.Equal(Lines(table, lite.Keys), Lines(table, pg.Keys));
            Assert.Equal(Lines(table, lite.Indexes), Lines(table, pg.Indexes.Where(i => !PostgresOnlyIndexes.Contains($"{table}.{i.Split(' ')[0]}"))));
            Assert.Equal($"{table}: {lite.Checks} checks", $"{table}: {pg.Checks} checks");
        }
    }

    private sealed record Table(List<string> Columns, List<string> Keys, List<string> Indexes, int Checks);

    private static string Lines(string table, IEnumerable<string> lines) => string.Join("\n", lines.Select(l => $"{table}: {l}").Order(StringComparer.Ordinal));

    private static async Task<Dictionary<string, Table>> SqliteSchemaAsync(string path)
    {
        await using var db = new CrmDb(new CrmDbOptions { ConnectionString = $"Data Source={path}" });
        await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Migrator.Embedded("sqlite"));
        await using var c = await db.OpenAsync();
        var tables = new Dictionary<string, Table>();
        foreach (var (name, sql) in await c.QueryAsync<(string, string)>(
                     "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        {
            var columns = (await c.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>(
                $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}') ORDER BY cid")).ToList();
            var keys = new List<string>();
            var primary = columns.Where(col => col.Pk > 0).OrderBy(col => col.Pk).Select(col => col.Name).ToList();
            if (primary.Count > 0) keys.Add($"primary ({string.Join(", ", primary)})");
            var indexes = new List<string>();
            foreach (var (index, unique, origin, partial) in await c.QueryAsync<(string, long, string, long)>(
                         $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{name}')"))
            {
                var cols = await c.QueryAsync<string?>($"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno");
                if (origin == "u") keys.Add($"unique ({string.Join(", ", cols)})");
                else if (origin == "c")
                {
                    var definition = await c.ExecuteScalarAsync<string>("SELECT sql FROM sqlite_master WHERE name = @index", new { index });
                    indexes.Add(IndexLine(index, unique == 1, IndexColumns().Match(definition!).Groups[1].Value, partial == 1));
                }
            }
            foreach (var fk in await c.QueryAsync<(string From, string Table, string? To, string OnDelete)>(
                         $"SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{name}')"))
                keys.Add($"foreign ({fk.From}) -> {fk.Table} ({fk.To ?? "id"}) on delete {fk.OnDelete.ToLowerInvariant()}");
            tables[name] = new Table(
                columns.Select(col => ColumnLine(col.Cid, col.Name, col.Type, col.NotNull == 1 || col.Pk > 0, col.Default)).ToList(),
                keys, indexes, CheckKeyword().Matches(sql).Count);
        }
        return tables;
    }

    private static async Task<Dictionary<string, Table>> PostgresSchemaAsync(string database)
    {
        var server = PostgresServer.Instance;
        server.CreateDatabase(database);
        try
        {
            var options = new CrmDbOptions { Provider = "postgres", ConnectionString = server.ConnectionString(database) };
            await using var db = new CrmDb(options);
            await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(Migrator.Embedded("postgres"));
            await using var c = await db.OpenAsync();
            var tables = new Dictionary<string, Table>();
            foreach (var name in await c.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"))
            {
                var columns = (await c.QueryAsync<(int Position, string Name, string Type, string Nullable, string? Default, string Identity)>("""
                    SELECT ordinal_position, column_name, data_type, is_nullable, column_default, is_identity
                    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @name ORDER BY ordinal_position
                    """, new { name })).ToList();
                var keys = new List<string>();
                foreach (var (type, definition) in await c.QueryAsync<(string, string)>("""
                    SELECT contype::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @name::regclass AND contype IN ('p', 'u', 'f')
                    """, new { name }))
                    keys.Add(type switch
                    {
                        "p" => "primary " + ConstraintColumns().Match(definition).Groups[1].Value.Insert(0, "(") + ")",
                        "u" => "unique " + ConstraintColumns().Match(definition).Groups[1].Value.Insert(0, "(") + ")",
                        _ => ForeignKeyLine(definition),
                    });
                var indexes = new List<string>();
                foreach (var (index, definition) in await c.QueryAsync<(string, string)>("""
                    SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = @name
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
                    """, new { name }))
                    indexes.Add(IndexLine(index, definition.StartsWith("CREATE UNIQUE", StringComparison.Ordinal),
                        PostgresIndexColumns().Match(definition).Groups[1].Value, definition.Contains(" WHERE ", StringComparison.Ordinal)));
                var checks = await c.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = @name::regclass AND contype = 'c'", new { name });
                tables[name] = new Table(
                    columns.Select(col => ColumnLine(col.Position - 1, col.Name, col.Type, col.Nullable == "NO", col.Identity == "YES" ? null : col.Default))
                        .ToList(),
                    keys, indexes, checks);
            }
            return tables;
        }
        finally { server.DropDatabase(database); }
    }

    private static string ColumnLine(long position, string name, string type, bool notNull, string? defaultValue) =>
        $"#{position} {name} {Family(type)}{(notNull ? " not null" : "")}{(defaultValue is null ? "" : " default " + Default(defaultValue))}";

    // Type families: what a value can hold, not how each database spells the type.
    private static string Family(string type) => type.ToLowerInvariant() switch
    {
        "integer" or "bigint" => "integer",
        "text" => "text",
        "real" or "double precision" => "real",
        "blob" or "bytea" => "bytes",
        var other => other,
    };

    private static string Default(string value) => CastSuffix().Replace(value, "").Trim('(', ')');

    private static string IndexLine(string name, bool unique, string columns, bool partial) =>
        $"{name} {(unique ? "unique " : "")}({Regex.Replace(CastSuffix().Replace(columns, ""), @"\s+", " ").Trim().ToLowerInvariant()})"
        + (partial ? " partial" : "");

    private static string ForeignKeyLine(string definition)
    {
        var m = ForeignKey().Match(definition);
        var onDelete = m.Groups[4].Success ? m.Groups[4].Value.ToLowerInvariant() : "no action";
        return $"foreign ({m.Groups[1].Value}) -> {m.Groups[2].Value} ({m.Groups[3].Value}) on delete {onDelete}";
    }

    [GeneratedRegex(@"\bCHECK\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CheckKeyword();

    // "CREATE INDEX ix ON t (a, b DESC) WHERE ...": the column list, read up to the matching parenthesis of one level of nesting.
    [GeneratedRegex(@"\bON\s+\w+\s*\(((?:[^()]|\([^()]*\))*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex IndexColumns();

    [GeneratedRegex(@"USING \w+ \(((?:[^()]|\([^()]*\))*)\)")]
    private static partial Regex PostgresIndexColumns();

    [GeneratedRegex(@"\(([^)]*)\)")]
    private static partial Regex ConstraintColumns();

    [GeneratedRegex(@"FOREIGN KEY \((\w+)\) REFERENCES (\w+)\((\w+)\)(?: ON DELETE (CASCADE|SET NULL))?")]
    private static partial Regex ForeignKey();

    [GeneratedRegex(@"::[a-z ]+")]
    private static partial Regex CastSuffix();
}
