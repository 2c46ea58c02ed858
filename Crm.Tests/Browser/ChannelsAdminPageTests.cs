using Crm.Tests.Channels;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ChannelsAdminPageTests(BrowserSession browser) : IAsyncLifetime
{
    private WhoAmIPlatform platform = null!;

    public async Task InitializeAsync() => platform = await WhoAmIPlatform.StartAsync();

    [Fact]
    public async Task An_admin_sets_up_WhatsApp_copies_its_webhook_URL_and_checks_the_credentials_against_the_platform()
    {
        var page = await browser.SignInAsync("admin");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.BaseUrl });
        try
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Channels" }).WaitForAsync();
            var card = page.GetByRole(AriaRole.Region, new() { Name = "WhatsApp" });
            await card.WaitForAsync();
            Assert.Equal("Not set", await SecretStateAsync(page, card, "Access token"));
            await BrowserSession.ScreenshotAsync(page, "channels-1-page");

            // A malformed API base URL is pointed at, next to its field; nothing is saved.
            await card.GetByLabel("Phone number ID").FillAsync(WhoAmIPlatform.PhoneNumberId);
            await card.GetByLabel("Access token").FillAsync(WhoAmIPlatform.GoodToken);
            await card.GetByLabel("App secret").FillAsync("browser-app-secret-55");
            await card.GetByLabel("Verify token").FillAsync("browser-verify-token-55");
            var apiBaseUrl = card.GetByLabel("API base URL");
            await apiBaseUrl.FillAsync("graph.facebook.com/v23.0");
            await card.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await card.Locator("[aria-invalid=true]").First.WaitForAsync();
            Assert.Equal("true", await apiBaseUrl.GetAttributeAsync("aria-invalid"));
            var errorId = (await apiBaseUrl.GetAttributeAsync("aria-describedby"))!.Split(' ').Last();
            Assert.Contains("absolute http(s) URL", await page.Locator($"[id='{errorId}']").InnerTextAsync());
            Assert.Contains("Correct the fields marked below", await card.GetByRole(AriaRole.Alert).InnerTextAsync());
            Assert.Equal("Set on save", await SecretStateAsync(page, card, "Access token"));
            await BrowserSession.ScreenshotAsync(page, "channels-2-field-error");

            await apiBaseUrl.FillAsync(platform.BaseUrl + "/v23.0");
            await card.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

            await card.GetByText("WhatsApp settings saved.").WaitForAsync();
            foreach (var secret in new[] { "Access token", "App secret", "Verify token" })
            {
                Assert.Equal("Set", await SecretStateAsync(page, card, secret));
                Assert.Equal("", await card.GetByLabel(secret).InputValueAsync()); // write-only: the value never comes back
            }
            Assert.Equal("Credentials set", (await card.Locator(".channel-card-header .badge").InnerTextAsync()).Trim());
            Assert.DoesNotContain(WhoAmIPlatform.GoodToken, await page.ContentAsync());
            await BrowserSession.ScreenshotAsync(page, "channels-3-saved");

            // The webhook URL to paste at Meta, copied to the clipboard.
            var webhookUrl = (await card.GetByTestId("webhook-url").InnerTextAsync()).Trim();
            Assert.Equal($"{browser.BaseUrl}/webhooks/whatsapp", webhookUrl);
            await card.GetByRole(AriaRole.Button, new() { Name = "Copy WhatsApp webhook URL" }).ClickAsync();
            await card.GetByRole(AriaRole.Button, new() { Name = "Copied WhatsApp webhook URL" }).WaitForAsync();
            Assert.Equal(webhookUrl, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

            await card.GetByRole(AriaRole.Button, new() { Name = "Check credentials" }).ClickAsync();

            var result = card.GetByTestId("check-result");
            await result.WaitForAsync();
            var text = await result.InnerTextAsync();
            Assert.Contains("The credentials work", text);
            Assert.Contains("+1 555-010-0199", text);
            var seen = Assert.Single(platform.Requests);
            Assert.Equal($"/v23.0/{WhoAmIPlatform.PhoneNumberId}", seen.Path);
            Assert.Equal($"Bearer {WhoAmIPlatform.GoodToken}", seen.Authorization);
            await BrowserSession.ScreenshotAsync(page, "channels-4-check-ok");

            Assert.Contains("“Ana: Hello”", await page.GetByTestId("agent-name-prefix").InnerTextAsync());
            await page.SetViewportSizeAsync(390, 844);
            await card.ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotFolder, "channels-5-phone.png") });
        }
        finally
        {
            // The browser tests share one app: leave WhatsApp as it was.
            await page.APIRequest.PutAsync("/api/admin/channels/whatsapp", new()
            {
                DataString = """{"accessToken":"","appSecret":"","verifyToken":"","phoneNumberId":"","apiBaseUrl":""}""",
                Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            });
        }
    }

    /// <summary>The "set" / "not set" badge of a secret, found through the field's aria-describedby.</summary>
    private static async Task<string> SecretStateAsync(IPage page, ILocator card, string label)
    {
        var stateId = (await card.GetByLabel(label, new() { Exact = true }).GetAttributeAsync("aria-describedby"))!.Split(' ')[0];
        return (await page.Locator($"[id='{stateId}']").InnerTextAsync()).Trim();
    }

    public async Task DisposeAsync() => await platform.DisposeAsync();
}
