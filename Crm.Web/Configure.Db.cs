using Crm.ServiceInterface.Auth;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Seed;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web;

public static class ConfigureDb
{
    public const string DefaultConnection = "Data Source=../db/crm.db";

    public static WebApplicationBuilder AddCrmDb(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Crm:Db:Provider"] ?? SqlDialect.SqliteName;
        var configured = builder.Configuration.GetConnectionString("Crm");
        var connectionString = SqlDialect.For(provider) == SqlDialect.Sqlite
            ? CrmDb.ResolveSqlitePath(configured ?? DefaultConnection, builder.Environment.ContentRootPath)
            : configured ?? throw new InvalidOperationException(
                "Crm:Db:Provider is postgres: set ConnectionStrings:Crm to the server, e.g. \"Host=db;Database=crm;Username=crm;Password=...\".");

        var services = builder.Services;
        services.AddSingleton(new CrmDbOptions
        {
            ConnectionString = connectionString, Provider = provider, MaxSizeMegabytes = builder.Configuration.GetValue<double?>("Crm:Db:MaxSizeMegabytes"),
        });
        services.AddSingleton<CrmDb>();
        services.AddSingleton<Migrator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton(builder.Configuration.GetSection("Crm:Seed").Get<SeedOptions>() ?? new SeedOptions());
        services.AddSingleton<DemoSeeder>();
        // Registered before the scheduler's hosted service, so jobs never run against an unmigrated database.
        services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    /// <summary>The folder holding the SQLite database: its siblings (Data Protection keys) live there too.</summary>
    public static string DataFolder(this CrmDbOptions options) =>
        Path.GetDirectoryName(CrmDb.SqliteFilePath(options.ConnectionString)) ?? AppContext.BaseDirectory;
}

/// <summary>Migrates, then seeds an empty database, before the app takes requests or runs jobs.</summary>
public sealed class DatabaseStartup(Migrator migrator, CrmDbOptions options, DemoSeeder seeder, CrmDb db, IKeyManager keys) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await migrator.MigrateAsync(Migrator.Embedded(options.Provider), ct);
        await seeder.SeedIfEmptyAsync(ct);
        if (db.Dialect == SqlDialect.Postgres) await EnsureSharedKeyAsync(ct);
    }

    // Nodes starting together would each make a first key of their own and refuse each other's cookies until the daily
    // refresh: the first key is made once, under the migration lock. Later keys are made days before use, so all nodes see them.
    private async Task EnsureSharedKeyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var held = await db.Dialect.LockMigrationsAsync(connection, ct);
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            keys.CreateNewKey(now, now.AddDays(90));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
