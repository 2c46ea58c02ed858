using Crm.ServiceInterface.Data;
using Crm.Tests.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>An agent writes first from a demo customer's record: the SMS goes out through Twilio, the agent lands in the chat, the reply lands in it.</summary>
public sealed class OutboundConversationPageTests : IAsyncLifetime
{
    private const string TwilioToken = "outbound-page-token", BusinessNumber = "+15558675310";
    private FakePlatform platform = null!;
    private BrowserSession browser = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        browser = new BrowserSession(new CrmApp(new TestFolder(), demo: true, settings: new Dictionary<string, string?>
        {
            ["Crm:Seed:Customers"] = "20", ["Channels:Twilio:AccountSid"] = "AC123", ["Channels:Twilio:AuthToken"] = TwilioToken,
            ["Channels:Twilio:FromNumber"] = BusinessNumber,
            ["Channels:Twilio:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:Twilio:PublicBaseUrl"] = "http://localhost",
            ["Channels:WhatsApp:AccessToken"] = "wa-token", ["Channels:WhatsApp:PhoneNumberId"] = "106540352242922",
            ["Channels:WhatsApp:ApiBaseUrl"] = platform.BaseUrl,
        }));
        await browser.InitializeAsync();
    }

    [Fact]
    public async Task An_agent_starts_an_SMS_conversation_from_the_customer_page_and_the_customers_Twilio_reply_lands_in_it()
    {
        long customerId;
        string phone;
        await using (var c = await browser.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            (customerId, phone) = await c.QueryFirstAsync<(long, string)>(
                "SELECT customer_id, address FROM customer_identities WHERE kind = 'phone' ORDER BY customer_id LIMIT 1");
        using (var api = await browser.ApiClientAsync("agent1"))
            await api.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });

        var page = await browser.SignInAsync("agent1");
        await page.GotoAsync($"/customers/{customerId}");
        await page.GetByTestId("new-conversation").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New conversation" });
        await dialog.GetByTestId("channel-sms").CheckAsync();
        await dialog.GetByTestId("new-conversation-text").FillAsync("Hello, your new card has arrived at our branch.");
        await BrowserSession.ScreenshotAsync(page, "outbound-1-new-conversation");
        await dialog.GetByTestId("new-conversation-start").ClickAsync();

        await page.WaitForURLAsync("**/desktop");
        var chat = page.Locator("article.chat").Filter(new() { HasText = "your new card has arrived" });
        await chat.Locator(".msg-out")
            .Filter(new() { HasText = "your new card has arrived" })
            .Locator("[data-status=sent]")
            .WaitForAsync(new() { Timeout = 20_000 });
        var sms = Assert.Single(platform.Requests, r => r.PathAndQuery.EndsWith("/Messages.json"));
        Assert.Equal(phone, System.Web.HttpUtility.ParseQueryString(sms.Body)["To"]);

        using (var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) })
            (await new TwilioSigner(TwilioToken).PostSmsAsync(
                http,
                "SM0000000000000000000000000000pg01",
                phone,
                BusinessNumber,
                "Great, I will pick it up tomorrow."))
                .EnsureSuccessStatusCode();

        await chat.GetByText("Great, I will pick it up tomorrow.").WaitForAsync(new() { Timeout = 20_000 });
        await BrowserSession.ScreenshotAsync(page, "outbound-2-reply-in-the-chat");
    }

    [Fact]
    public async Task A_WhatsApp_conversation_to_a_customer_who_never_wrote_starts_with_a_template_filled_in_and_previewed()
    {
        long customerId;
        await using (var c = await browser.App.Services.GetRequiredService<CrmDb>().OpenAsync())
            customerId = await c.QueryFirstAsync<long>("SELECT customer_id FROM customer_identities WHERE kind = 'phone' ORDER BY customer_id DESC LIMIT 1");
        using (var admin = await browser.ApiClientAsync("admin"))
            await admin.PostAsync("/api/admin/whatsapp-templates", new SaveWhatsAppTemplate
            {
                Name = "card_ready", Language = "en_US", Category = "UTILITY", HeaderText = "Card {{1}}",
                Body = "Hi {{1}}, your card ending {{2}} is ready at our branch.",
                Buttons = [new TemplateButtonInput { Type = "QUICK_REPLY", Text = "Thanks" }],
            });
        using (var api = await browser.ApiClientAsync("agent2"))
            await api.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });

        var page = await browser.SignInAsync("agent2");
        await page.GotoAsync($"/customers/{customerId}");
        await page.GetByTestId("new-conversation").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New conversation" });
        await dialog.GetByTestId("channel-whatsapp").CheckAsync();
        await dialog.GetByTestId("template-select").SelectOptionAsync(new SelectOptionValue { Label = "card_ready (en_US, utility)" });
        await dialog.GetByLabel("Header {{1}}").FillAsync("4242");
        await dialog.GetByTestId("template-value-1").FillAsync("Dana");
        await dialog.GetByTestId("template-value-2").FillAsync("4242");
        Assert.Equal("Hi Dana, your card ending 4242 is ready at our branch.", await dialog.GetByTestId("template-preview").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "outbound-3-whatsapp-template");
        await dialog.GetByTestId("new-conversation-start").ClickAsync();

        await page.WaitForURLAsync("**/desktop");
        var chat = page.Locator("article.chat").Filter(new() { HasText = "your card ending 4242" });
        await chat.Locator(".msg-out")
            .Filter(new() { HasText = "your card ending 4242" })
            .Locator("[data-status=sent]")
            .WaitForAsync(new() { Timeout = 20_000 });
        // The window is still closed (the customer has not written): the composer offers templates, not free text.
        await chat.GetByTestId("template-composer").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "outbound-4-template-composer");
        Assert.Contains(platform.Requests, r => r.PathAndQuery == "/106540352242922/messages" && r.Body.Contains("\"card_ready\""));
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await platform.DisposeAsync();
    }
}
