using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>The real host on real SQLite files in a folder of its own; two apps on one folder are a restart.</summary>
/// <remarks>
/// A demo app starts from a copy of a database seeded once per test run (<see cref="DemoTemplates"/>), unless the test swaps
/// services (a clock changes what is seeded) or asks for <paramref name="freshSeed"/> (the seed's own tests).
/// </remarks>
public sealed class CrmApp(TestFolder folder, bool demo = false, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null, bool freshSeed = false) : WebApplicationFactory<Program>
{
    public const string Password = "test-password";

    public TestFolder Folder { get; } = folder;

    public CrmApp(bool demo = false) : this(new TestFolder(), demo) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (demo && services is null && !freshSeed)
            Folder.StartFrom(DemoTemplates.For(settings?.TryGetValue("Crm:Seed:Customers", out var customers) == true ? customers : null));
        builder.UseEnvironment("Testing");
        var config = new Dictionary<string, string?>(Folder.DatabaseSettings())
        {
            ["Crm:Seed:Demo"] = demo ? "true" : "false",
            ["Crm:Seed:Password"] = Password,
            ["Crm:Auth:LoginPermitsPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;
        foreach (var (key, value) in config) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>A client that keeps cookies, signed in as <paramref name="userName"/>.</summary>
    public async Task<CrmClient> SignInAsync(string userName, string password = Password)
    {
        var client = new CrmClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await client.PostAsync("/api/auth/login", new Login { UserName = userName, Password = password });
        return client;
    }

    public CrmClient Anonymous() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}

/// <summary>
/// A temporary folder for one test's database files, deleted at the end; on PostgreSQL (CRM_TEST_DB=postgres) also a database of
/// its own on the test server, named after the folder, so two apps on one folder are a restart there too.
/// </summary>
public sealed class TestFolder : IDisposable
{
    private readonly Lazy<string> database;
    private DemoTemplate? template;

    public TestFolder() => database = new Lazy<string>(() =>
    {
        var name = "crm_" + System.IO.Path.GetFileName(Path).Replace("-", "_").ToLowerInvariant();
        PostgresServer.Instance.CreateDatabase(name, template?.Database);
        return name;
    });

    /// <summary>The first app on this folder finds <paramref name="demo"/>'s seeded database; a folder already used keeps its own.</summary>
    internal void StartFrom(DemoTemplate demo)
    {
        if (TestDb.Postgres)
        {
            if (!database.IsValueCreated) template = demo;
            return;
        }
        if (System.IO.File.Exists(File("crm.db"))) return;
        foreach (var name in new[] { "crm.db", "crm.db-wal" }) // never -shm: a reader's index, rebuilt from the WAL on open
            if (System.IO.File.Exists(System.IO.Path.Combine(demo.Folder, name))) System.IO.File.Copy(System.IO.Path.Combine(demo.Folder, name), File(name));
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("crm-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The CRM database's connection string for the provider under test.</summary>
    public string CrmConnectionString =>
        TestDb.Postgres ? PostgresServer.Instance.ConnectionString(database.Value) : $"Data Source={File("crm.db")}";

    /// <summary>The settings that point an app at this folder's databases.</summary>
    public IReadOnlyDictionary<string, string?> DatabaseSettings() => TestDb.Postgres
        ? new Dictionary<string, string?> { ["Crm:Db:Provider"] = "postgres", ["ConnectionStrings:Crm"] = CrmConnectionString }
        : new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = CrmConnectionString, ["ConnectionStrings:Quartz"] = $"Data Source={File("quartz.db")}",
        };

    /// <summary>A connection to this folder's CRM database, for tests that look at what was stored.</summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        DbConnection connection = TestDb.Postgres
            ? new Npgsql.NpgsqlConnection(CrmConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(CrmConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (database.IsValueCreated) try { PostgresServer.Instance.DropDatabase(database.Value); } catch (Npgsql.NpgsqlException) { }
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
