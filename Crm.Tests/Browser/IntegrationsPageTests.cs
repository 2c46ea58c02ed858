using Crm.Tests.Integrations;
using Crm.Tests.Routing;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class IntegrationsPageTests(BrowserSession browser)
{
    [Fact]
    public async Task An_admin_adds_a_webhook_sees_its_delivery_and_redelivers_it()
    {
        await using var receiver = await FakePlatform.StartAsync();
        var page = await browser.SignInAsync("admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Integrations" }).WaitForAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add an endpoint" });

        // Every mistake at once, each by its field; nothing is stored.
        await form.GetByLabel("Endpoint URL").FillAsync("orders.example.com/hooks");
        await form.GetByLabel("Secret").FillAsync("short");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await form.Locator("[aria-invalid=true]").First.WaitForAsync();
        Assert.Equal("true", await form.GetByLabel("Endpoint URL").GetAttributeAsync("aria-invalid"));
        Assert.Equal("true", await form.GetByLabel("Secret").GetAttributeAsync("aria-invalid"));
        Assert.Contains("full http:// or https:// URL", await form.InnerTextAsync());
        Assert.Contains("at least 16 characters", await form.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "integrations-1-form-errors");

        await form.GetByLabel("Endpoint URL").FillAsync(receiver.BaseUrl + "/crm-events");
        await form.GetByLabel("Secret").FillAsync(WebhookTestData.Secret);
        foreach (var other in new[] { "Conversation created", "Conversation ended", "Message (from or to the customer)", "Case created", "Case closed",
                     "Agent state changed" })
            await form.GetByLabel(other).UncheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).GetByText("saved").First.WaitForAsync();
        Assert.DoesNotContain(WebhookTestData.Secret, await page.ContentAsync());

        using var agent = await browser.ApiClientAsync("agent1");
        await agent.PostAsync("/api/customers", new CreateCustomer { Name = "Wanda Webhook" });
        var deliveries = page.GetByTestId("webhook-deliveries");
        await Eventually.TrueAsync(async () =>
        {
            await deliveries.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            return await deliveries.GetByText("Delivered", new() { Exact = true }).CountAsync() > 0;
        }, TimeSpan.FromSeconds(15), "the delivery shown as delivered");
        Assert.Contains("customer.created", await deliveries.InnerTextAsync());
        Assert.Contains("200", await deliveries.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "integrations-2-delivered");

        var first = Assert.Single(receiver.Received());
        Assert.True(first.SignatureValid);
        await deliveries.GetByRole(AriaRole.Button, new() { Name = $"Redeliver customer.created {first.Id}" }).ClickAsync();
        await deliveries.GetByText("is being sent again").WaitForAsync();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Received().Count == 2), TimeSpan.FromSeconds(15), "the redelivery");
        Assert.Equal(first.Id, receiver.Received()[1].Id);

        // Removing it stops the deliveries (and keeps the shared app quiet for the other tests).
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {receiver.BaseUrl}/crm-events" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete endpoint" }).ClickAsync();
        await page.GetByText("No endpoints yet").WaitForAsync();
    }

    [Fact]
    public async Task The_API_reference_loads_from_the_server_alone()
    {
        var page = await browser.SignInAsync("admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Integrations" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Integrations" }).WaitForAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Open the API reference" });
        Assert.Equal("/api-docs/", await link.GetAttributeAsync("href"));

        // The link opens a new tab: every request that tab makes must stay on this server (no CDN script, font or telemetry).
        var reference = await page.Context.NewPageAsync();
        var outside = new List<string>();
        await reference.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(browser.BaseUrl, StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                lock (outside) outside.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        await reference.GotoAsync("/api-docs/");
        await reference.GetByText("CrmSuite API").First.WaitForAsync(new() { Timeout = 30_000 });
        await reference.GetByText("Outgoing webhooks").First.WaitForAsync();
        // The viewport only: the whole reference is many screens long.
        await reference.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "integrations-3-api-reference.png") });
        Assert.Empty(outside);
    }
}
