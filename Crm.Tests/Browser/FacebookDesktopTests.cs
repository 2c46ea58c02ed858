using System.Text.Json.Nodes;
using Crm.Tests.Channels;
using Crm.Tests.Faults;
using Crm.Tests.Routing;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>A Facebook comment on the desktop: the agent likes it, replies publicly and hides it; each reaches the fake Graph API and the thread.</summary>
public sealed class FacebookDesktopTests : IAsyncLifetime
{
    private const string MetaSecret = "facebook-desktop-secret", Comment = "122104388444000001_1043452200716211";
    private FakePlatform platform = null!;
    private BrowserSession browser = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        platform.Respond = r => r.PathAndQuery.EndsWith("/comments") ? (200, """{"id":"reply-1"}""") : (200, """{"success":true}""");
        browser = new BrowserSession(new CrmApp(new TestFolder(), demo: true, settings: new Dictionary<string, string?>
        {
            ["Crm:Seed:Customers"] = "20", ["Channels:Messenger:AppSecret"] = MetaSecret, ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Outbox:FirstRetrySeconds"] = "1",
        }));
        await browser.InitializeAsync();
    }

    [Fact]
    public async Task An_agent_likes_replies_publicly_and_hides_a_Facebook_comment_from_the_desktop()
    {
        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        using (var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) })
            (await new MetaSigner(MetaSecret).PostAsync(http, "/webhooks/messenger",
                SharedChannelFiles.Json("facebook-feed-comment-add.constructed.json").ToJsonString())).EnsureSuccessStatusCode();
        var offer = agent.GetByTestId("offer-popover");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync(new() { Timeout = 30_000 });
        var chat = agent.Locator("article.chat").Filter(new() { HasText = "My order never arrived" });
        await chat.GetByText("Public post", new() { Exact = true }).WaitForAsync();

        await chat.GetByRole(AriaRole.Button, new() { Name = "Like", Exact = true }).ClickAsync();
        await chat.Locator(".msg-system").Filter(new() { HasText = "liked the comment" }).WaitForAsync();
        var compose = chat.GetByLabel("Message", new() { Exact = true });
        await compose.FillAsync("Sorry to hear that! We are checking with the courier.");
        await compose.PressAsync("Enter");
        await chat.Locator(".msg-out")
            .Filter(new() { HasText = "checking with the courier" })
            .Locator("[data-status=sent]")
            .WaitForAsync(new() { Timeout = 20_000 });
        await chat.GetByRole(AriaRole.Button, new() { Name = "Hide", Exact = true }).ClickAsync();
        await chat.Locator(".msg-system").Filter(new() { HasText = "hid the comment" }).WaitForAsync();
        await chat.GetByRole(AriaRole.Button, new() { Name = "Unhide", Exact = true }).WaitForAsync();

        var like = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/{Comment}/likes")),
            TimeSpan.FromSeconds(10), "the like");
        Assert.Equal("Bearer page-token", like.Headers["Authorization"]);
        var reply = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/{Comment}/comments")),
            TimeSpan.FromSeconds(10), "the public reply");
        Assert.EndsWith("checking with the courier.", JsonNode.Parse(reply.Body)!["message"]!.GetValue<string>());
        var hide = await Eventually.ValueAsync(() => Task.FromResult(platform.Requests.FirstOrDefault(r => r.PathAndQuery == $"/{Comment}")),
            TimeSpan.FromSeconds(10), "the hide");
        Assert.Equal("is_hidden=true", hide.Body);
        // Every action's line settles to sent: no status is left on a line once the platform took it.
        await chat.Locator(".msg-system .status").First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 10_000 });
        await BrowserSession.ScreenshotAsync(agent, "facebook-01-liked-replied-hidden");
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await platform.DisposeAsync();
    }
}
