using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Data;

public sealed record Migration(string Version, string FileName, string Sql);

/// <summary>Applies numbered SQL files in order, each in its own transaction, recorded in schema_migrations.</summary>
public sealed partial class Migrator(CrmDb db, ILogger<Migrator> logger)
{
    [GeneratedRegex(@"^(\d{4})_[A-Za-z0-9_]+\.sql$")]
    private static partial Regex FileNamePattern();

    /// <summary>The migrations compiled into this assembly from db/migrations/{dialect}.</summary>
    public static IReadOnlyList<Migration> Embedded(string dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations/{dialect}/";
        return Ordered(assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => (Name: n[prefix.Length..], Sql: ReadResource(assembly, n))));
    }

    public static IReadOnlyList<Migration> FromDirectory(string path) =>
        Ordered(Directory.EnumerateFiles(path, "*.sql").Select(f => (Name: Path.GetFileName(f), Sql: File.ReadAllText(f))));

    public async Task<int> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var migrating = await db.Dialect.LockMigrationsAsync(connection, ct);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, file_name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet();

        var count = 0;
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                await connection.ExecuteAsync(migration.Sql, transaction: tx);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, file_name, applied_at) VALUES (@Version, @FileName, @Now)",
                    new { migration.Version, migration.FileName, Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
                await tx.CommitAsync(ct);
            }
            catch (Exception ex)
            {
                await tx.RollbackAsync(CancellationToken.None);
                throw new InvalidOperationException($"Database migration {migration.FileName} failed: {ex.Message}", ex);
            }
            logger.LogInformation("Applied migration {File}", migration.FileName);
            count++;
        }
        return count;
    }

    private static IReadOnlyList<Migration> Ordered(IEnumerable<(string Name, string Sql)> files)
    {
        var list = new List<Migration>();
        foreach (var (name, sql) in files)
        {
            var match = FileNamePattern().Match(name);
            if (!match.Success)
                throw new InvalidOperationException($"Migration file {name} is not named NNNN_name.sql.");
            list.Add(new Migration(match.Groups[1].Value, name, sql));
        }
        var duplicate = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations share number {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.FileName))}.");
        return list.OrderBy(m => m.Version, StringComparer.Ordinal).ToList();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
