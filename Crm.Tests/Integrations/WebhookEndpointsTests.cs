using System.Net;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Integrations;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Tests.Integrations;

public sealed class WebhookEndpointsTests : IAsyncLifetime
{
    private readonly TestClock clock = new();
    private readonly CrmApp app;

    public WebhookEndpointsTests() =>
        app = new CrmApp(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:Webhooks:FirstRetrySeconds"] = "3600" },
            services: s => s.AddSingleton<TimeProvider>(clock));
    private CrmClient admin = null!;

    public async Task InitializeAsync() => admin = await app.SignInAsync("admin");

    public async Task DisposeAsync()
    {
        admin.Dispose();
        await app.DisposeAsync();
        app.Folder.Dispose();
    }

    [Fact]
    public async Task Every_mistake_of_the_form_is_named_at_once_and_nothing_is_stored()
    {
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/webhooks",
            new { url = "ftp://files.example.com/in", events = new[] { "message.created", "order.shipped" }, secret = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Contains("full http:// or https:// URL", errors.GetProperty("url")[0].GetString());
        Assert.Contains("'order.shipped' is not an event", errors.GetProperty("events")[0].GetString());
        Assert.Contains("at least 16 characters (this one has 5)", errors.GetProperty("secret")[0].GetString());
        Assert.Empty(await admin.GetAsync<List<WebhookEndpointDto>>("/api/admin/webhooks"));

        var (_, empty) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/webhooks", new { });
        Assert.Equal(["url", "events", "secret"], empty.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var (_, tooLong) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/webhooks",
            new { url = "https://example.com/" + new string('a', 2000), events = new[] { "case.closed" }, secret = new string('s', 201) });
        Assert.Contains("at most 2,000 characters", tooLong.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Contains("at most 200 characters", tooLong.GetProperty("errors").GetProperty("secret")[0].GetString());
    }

    [Fact]
    public async Task The_secret_is_stored_protected_never_returned_and_kept_when_an_edit_leaves_it_out()
    {
        const string secret = "whsec-never-shown-4242";
        var created = await admin.PostAsync("/api/admin/webhooks",
            new SaveWebhookEndpoint { Url = "https://orders.example.com/in", Events = ["case.closed", "case.created"], Secret = secret });
        Assert.Equal("…4242", created.SecretHint);
        Assert.Equal(["case.created", "case.closed"], created.Events); // in the catalog's order
        Assert.True(created.Enabled);
        using (var listed = await admin.RawAsync(HttpMethod.Get, "/api/admin/webhooks"))
            Assert.DoesNotContain(secret, await listed.Content.ReadAsStringAsync());
        await using (var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync())
        {
            Assert.DoesNotContain(secret, await c.ExecuteScalarAsync<string>("SELECT secret FROM webhook_endpoints"));
            Assert.DoesNotContain(secret, string.Join(" ", await c.QueryAsync<string?>("SELECT detail FROM audit_log WHERE entity = 'webhook_endpoint'")));
        }

        var paused = await admin.SendAsync<WebhookEndpointDto>(HttpMethod.Put, $"/api/admin/webhooks/{created.Id}",
            new SaveWebhookEndpoint { Url = "https://orders.example.com/v2", Events = ["customer.created"], Enabled = false });
        Assert.Equal("…4242", paused.SecretHint);
        Assert.False(paused.Enabled);
        Assert.Equal("https://orders.example.com/v2", paused.Url);

        using var deleted = await admin.RawAsync(HttpMethod.Delete, $"/api/admin/webhooks/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await admin.GetAsync<List<WebhookEndpointDto>>("/api/admin/webhooks"));
        var (status, _) = await admin.ProblemAsync(HttpMethod.Get, $"/api/admin/webhooks/{created.Id}/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, status);
        await using var db = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        Assert.Equal(["created", "changed", "deleted"],
            await db.QueryAsync<string>("SELECT action FROM audit_log WHERE entity = 'webhook_endpoint' ORDER BY id"));
    }

    [Fact]
    public async Task A_paused_endpoint_gets_no_deliveries()
    {
        var paused = await admin.PostAsync("/api/admin/webhooks", new SaveWebhookEndpoint
        {
            Url = "https://paused.example.com/in", Events = ["customer.created"], Secret = WebhookTestData.Secret, Enabled = false,
        });
        var live = await admin.PostAsync("/api/admin/webhooks", new SaveWebhookEndpoint
        {
            Url = "https://live.example.com/in", Events = ["customer.created"], Secret = WebhookTestData.Secret,
        });
        await admin.PostAsync("/api/customers", new CreateCustomer { Name = "Paula Paused" });

        // The live endpoint's delivery proves the event was raised; the paused one has none.
        Assert.Single(await admin.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{live.Id}/deliveries"));
        Assert.Empty(await admin.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{paused.Id}/deliveries"));
    }

    [Fact]
    public async Task Settled_deliveries_are_pruned_after_the_keep_days_and_unsettled_ones_stay()
    {
        await using var receiver = await FakePlatform.StartAsync();
        await using var down = await FakePlatform.StartAsync();
        await down.GoDownAsync();
        var live = await admin.PostAsync("/api/admin/webhooks", WebhookTestData.Endpoint(receiver, "customer.created"));
        var failing = await admin.PostAsync("/api/admin/webhooks", WebhookTestData.Endpoint(down, "customer.created"));
        await admin.PostAsync("/api/customers", new CreateCustomer { Name = "Old Olga" });
        Task<List<WebhookDeliveryDto>> DeliveriesOf(long id) => admin.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{id}/deliveries");
        await Eventually.TrueAsync(
            async () => await DeliveriesOf(live.Id) is [{ Status: "Delivered" }] && await DeliveriesOf(failing.Id) is [{ Status: "Retrying" }],
            TimeSpan.FromSeconds(15), "one delivered, one retrying");

        clock.Advance(TimeSpan.FromDays(8));
        await app.Services.GetServices<IHostedService>().OfType<WebhookSweep>().Single().PruneAsync();

        using var later = await app.SignInAsync("admin"); // the first session expired in those days
        Assert.Empty(await later.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{live.Id}/deliveries"));
        Assert.Single(await later.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{failing.Id}/deliveries"));
    }
}
