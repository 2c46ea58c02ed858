using Crm.Tests.Faults;
using Microsoft.Playwright;
using static Crm.Tests.Channels.MetaPayloads;

namespace Crm.Tests.Browser;

/// <summary>The outage drill as the agent sees it: a reply the platform refuses shows "Retrying" with the reason and the next try, then "Sent".</summary>
public sealed class OutageDesktopTests : IAsyncLifetime
{
    private const string MetaSecret = "outage-desktop-secret", Psid = "24400000000000001";
    private FakePlatform platform = null!;
    private BrowserSession browser = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        browser = new BrowserSession(new CrmApp(new TestFolder(), demo: true, settings: new Dictionary<string, string?>
        {
            ["Crm:Seed:Customers"] = "20", ["Channels:Messenger:AppSecret"] = MetaSecret, ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Outbox:FirstRetrySeconds"] = "2", ["Channels:Outbox:MaxRetrySeconds"] = "2",
        }));
        await browser.InitializeAsync();
    }

    [Fact]
    public async Task A_refused_reply_shows_retrying_with_the_reason_and_the_next_try_then_sent_live()
    {
        platform.Respond = r => r.PathAndQuery.Contains("/me/messages")
            ? (503, """{"error":{"message":"(#2) Service temporarily unavailable","code":2}}""")
            : null;
        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        using (var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) })
            (await new MetaSigner(MetaSecret).PostAsync(http, "/webhooks/messenger",
                MessengerText(Psid, "m_desk_outage", "My parcel is late"))).EnsureSuccessStatusCode();
        var offer = agent.GetByTestId("offer-popover");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync(new() { Timeout = 30_000 });
        var chat = agent.Locator("article.chat").Filter(new() { HasText = "My parcel is late" });
        var compose = chat.GetByLabel("Message", new() { Exact = true });
        await compose.FillAsync("Sorry about that, I am checking with the courier.");
        await compose.PressAsync("Enter");

        var status = chat.Locator(".msg-out").Filter(new() { HasText = "checking with the courier" }).Locator(".status");
        await status.And(agent.Locator("[data-status=retrying]")).WaitForAsync(new() { Timeout = 20_000 });
        var retrying = await status.InnerTextAsync();
        Assert.Contains("Retrying", retrying);
        Assert.Contains("messenger answered 503", retrying);
        Assert.Contains("next try at", retrying);
        await BrowserSession.ScreenshotAsync(agent, "outage-01-retrying");

        platform.Respond = _ => null; // the API is back
        await status.And(agent.Locator("[data-status=sent]")).WaitForAsync(new() { Timeout = 20_000 });
        Assert.DoesNotContain("503", await status.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(agent, "outage-02-sent");
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await platform.DisposeAsync();
    }
}
