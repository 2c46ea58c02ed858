using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>The real host on real SQLite files in a folder of its own; two apps on one folder are a restart.</summary>
public sealed class CrmApp(TestFolder folder, bool demo = false, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string Password = "test-password";

    public TestFolder Folder { get; } = folder;

    public CrmApp(bool demo = false) : this(new TestFolder(), demo) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = $"Data Source={Folder.File("crm.db")}",
            ["ConnectionStrings:Quartz"] = $"Data Source={Folder.File("quartz.db")}",
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

/// <summary>A temporary folder for one test's database files, deleted at the end.</summary>
public sealed class TestFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("crm-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
