using System.Text.Json;
using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Faults;

/// <summary>The database file full: webhooks answer 503 with Retry-After and store nothing, /healthz says why, and space returning heals it.</summary>
[Trait("Db", "sqlite")] // a full disk and a read-only file are SQLite faults; PostgreSQL reports its own as "unreachable" or "full"
public sealed class FullDiskTests : IAsyncLifetime
{
    private const string AppSecret = "full-disk-app-secret";
    private readonly CrmApp app = new(new TestFolder(), demo: true,
        settings: new Dictionary<string, string?> { ["Channels:Messenger:AppSecret"] = AppSecret, ["Crm:Seed:Customers"] = "20" });
    private readonly MetaSigner messenger = new(AppSecret);
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        http = app.CreateClient();
        using var first = await messenger.PostAsync(http, MetaSigner.Text("24200000000000001", "m_disk_warm", "Hello"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Theory]
    [InlineData("full", "database is full")]
    [InlineData("read-only", "database file is read-only")]
    public async Task A_full_or_read_only_database_refuses_webhooks_with_503_stores_nothing_unacknowledged_and_recovers_by_itself(string fault, string says)
    {
        var options = app.Services.GetRequiredService<CrmDbOptions>();
        var writable = options.ConnectionString;
        // As root chmod stops nothing: SQLite's max_page_count caps the file at its current size (a full disk), Mode=ReadOnly refuses writes.
        if (fault == "full") options.MaxSizeMegabytes = 0.001;
        else options.ConnectionString = writable + ";Mode=ReadOnly";
        var longText = string.Concat(Enumerable.Repeat("My parcel has not arrived and I need it before Friday. ", 40));
        var acknowledged = new List<string>();
        var refused = new List<(string Mid, byte[] Body)>();
        HttpResponseMessage? firstRefusal = null;
        for (var n = 0; n < 400 && refused.Count < 5; n++)
        {
            var (mid, body) = ($"m_disk_{n}", MetaSigner.Text($"242000000001{n % 7:D5}", $"m_disk_{n}", longText));
            var response = await messenger.PostAsync(http, body);
            if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(mid);
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                refused.Add((mid, body));
                firstRefusal ??= response;
            }
        }

        Assert.NotNull(firstRefusal);
        Assert.Equal("30", firstRefusal.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        Assert.Equal("application/problem+json", firstRefusal.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await firstRefusal.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(says, problem.GetProperty("detail").GetString());
        Assert.Contains("Nothing of this request was stored", problem.GetProperty("detail").GetString());

        var (healthStatus, health) = await HealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Contains(says, health.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());

        Assert.All(acknowledged, mid => Assert.Equal(1, Count("SELECT COUNT(*) FROM messages WHERE channel_message_id = @mid", new { mid })));
        Assert.All(refused, r => Assert.Equal(0, Count("SELECT COUNT(*) FROM messages WHERE channel_message_id = @mid", new { mid = r.Mid })));

        (options.MaxSizeMegabytes, options.ConnectionString) = (null, writable); // space returns, the file is writable: nobody restarts anything
        await Eventually.TrueAsync(async () => (await HealthAsync()).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(15), "/healthz healthy again");
        Assert.Equal("Healthy", (await HealthAsync()).Body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());

        foreach (var (mid, body) in refused) // the platform's retry
        {
            using var again = await messenger.PostAsync(http, body);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(1, Count("SELECT COUNT(*) FROM messages WHERE channel_message_id = @mid", new { mid }));
        }
    }

    [Fact]
    public async Task A_commit_that_fails_on_a_full_disk_fails_every_change_of_its_batch_and_leaves_none_waiting()
    {
        var db = app.Services.GetRequiredService<CrmDb>();
        app.Services.GetRequiredService<CrmDbOptions>().MaxSizeMegabytes = 0.001;
        var blob = new byte[256 * 1024];

        // Many changes at once share one batch; the ones that need space fail, and none of them is left waiting forever.
        var changes = Enumerable.Range(0, 20)
            .Select(_ => db.InTransactionAsync((c, tx) => c.ExecuteAsync("INSERT INTO write_probe (data) VALUES (@blob)", new { blob }, tx)))
            .ToList();
        var outcomes = await Task.WhenAll(changes.Select(OutcomeAsync));

        Assert.All(outcomes, o => Assert.Equal("refused", o));
        Assert.Equal("full", db.WriteProblem?.Kind);
        Assert.Equal(0, Count("SELECT COUNT(*) FROM write_probe"));
    }

    private static async Task<string> OutcomeAsync(Task change)
    {
        try
        {
            await change.WaitAsync(TimeSpan.FromSeconds(30));
            return "stored";
        }
        catch (DatabaseUnavailableException)
        {
            return "refused";
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync()
    {
        using var response = await http.GetAsync("/healthz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private long Count(string sql, object? args = null)
    {
        using var c = app.Services.GetRequiredService<CrmDb>().OpenAsync().GetAwaiter().GetResult();
        return c.ExecuteScalar<long>(sql, args);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        app.Folder.Dispose();
    }
}
