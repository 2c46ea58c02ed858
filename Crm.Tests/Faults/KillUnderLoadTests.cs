using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Tests.Routing;

namespace Crm.Tests.Faults;

/// <summary>
/// kill -9 while signed webhooks pour in as fast as the bench sends them (64 senders, 2% re-deliveries), then a restart on the same
/// files: what was acknowledged is stored exactly once, what was not is taken when the platform re-delivers it, and the app is healthy.
/// </summary>
public sealed class KillUnderLoadTests : IDisposable
{
    private const string AppSecret = "kill-test-app-secret";
    private const int Senders = 64, KillAfter = 2000, AfterRestart = 1000;
    private const long FirstPsid = 24_100_000_000_000_000;
    private readonly TestFolder folder = new();
    private readonly MetaSigner messenger = new(AppSecret);
    private readonly ConcurrentDictionary<string, byte[]> acknowledged = new(), refused = new();
    private readonly ConcurrentQueue<string> failedBeforeTheKill = new();
    private volatile bool killing;

    [Fact]
    public async Task Killed_under_full_ingest_load_every_acknowledged_message_is_stored_once_after_the_restart()
    {
        var settings = new Dictionary<string, string> { ["Channels:Messenger:AppSecret"] = AppSecret };
        using (var first = await AppProcess.StartAsync(folder, settings))
        {
            using var http = Http(first);
            var load = Task.WhenAll(Enumerable.Range(0, Senders).Select(s => Task.Run(() => SendUntilRefusedAsync(http, s))));
            await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= KillAfter), TimeSpan.FromSeconds(60), $"{KillAfter} webhooks acknowledged");
            killing = true;
            first.Kill();
            await load;
        }
        Assert.Empty(failedBeforeTheKill);
        var ackedBeforeTheKill = acknowledged.Keys.ToHashSet();
        Assert.NotEmpty(refused); // the kill really landed mid-load: requests were in flight

        using var second = await AppProcess.StartAsync(folder, settings);
        using (var http = Http(second))
        {
            // The platform re-delivers what was not acknowledged, and (as Meta does) some of what was; new traffic goes on.
            var redeliveries = refused.Concat(acknowledged.Where((_, i) => i % 7 == 0).Take(300)).ToList();
            await Parallel.ForEachAsync(redeliveries, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (m, ct) =>
            {
                using var response = await messenger.PostAsync(http, m.Value, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged[m.Key] = m.Value;
            });
            await Parallel.ForEachAsync(Enumerable.Range(0, AfterRestart), new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (n, ct) =>
            {
                var (mid, body) = Message(n % Senders, 1_000_000 + n);
                using var response = await messenger.PostAsync(http, body, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged[mid] = body;
            });

            using var health = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        await using var db = await folder.OpenDatabaseAsync();
        var copies = (await db.QueryAsync<(string Mid, long Copies)>("""
            SELECT channel_message_id, COUNT(*) FROM messages WHERE channel = 'messenger' AND direction = 'in' AND channel_message_id LIKE 'm_kill_%'
            GROUP BY channel_message_id
            """)).ToDictionary(r => r.Mid, r => r.Copies);
        Assert.True(acknowledged.Count >= KillAfter + AfterRestart, $"{acknowledged.Count} acknowledged");
        Assert.Empty(acknowledged.Keys.Where(mid => copies.GetValueOrDefault(mid) != 1).Take(10)); // none lost, none twice
        Assert.Empty(copies.Where(c => c.Value > 1 || !acknowledged.ContainsKey(c.Key)).Take(10));
        Assert.True(ackedBeforeTheKill.All(copies.ContainsKey));
        // One customer and one conversation per sender: a torn write would have left a second one behind.
        Assert.Equal(Senders, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(DISTINCT address) FROM conversations WHERE channel = 'messenger' AND address LIKE '241%'"));
        Assert.Equal(Senders, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE channel = 'messenger' AND address LIKE '241%'"));
        Assert.Equal(Senders, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customer_identities WHERE kind = 'messenger' AND address LIKE '241%'"));
        if (!TestDb.Postgres) Assert.Equal("ok", await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    /// <summary>One sender (its own PSID) posting new messages back to back, every 50th a re-delivery of its last acknowledged one.</summary>
    private async Task SendUntilRefusedAsync(HttpClient http, int sender)
    {
        (string Mid, byte[] Body)? last = null;
        for (var n = 0; ; n++)
        {
            var (mid, body) = n % 50 == 49 && last is { } again ? again : Message(sender, n);
            try
            {
                using var response = await messenger.PostAsync(http, body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[mid] = body;
                    last = (mid, body);
                    continue;
                }
                if (!killing) failedBeforeTheKill.Enqueue($"{mid}: {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                if (!killing) failedBeforeTheKill.Enqueue($"{mid}: {ex.Message}");
            }
            if (!acknowledged.ContainsKey(mid)) refused[mid] = body;
            return;
        }
    }

    private static (string Mid, byte[] Body) Message(int sender, int n)
    {
        var mid = $"m_kill_{sender}_{n}";
        return (mid, MetaSigner.Text((FirstPsid + sender).ToString(), mid, $"Where is my order #{100_000 + n}?"));
    }

    private static HttpClient Http(AppProcess app) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Senders * 2, UseCookies = false, UseProxy = false })
        {
            BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(30),
        };

    public void Dispose() => folder.Dispose();
}
