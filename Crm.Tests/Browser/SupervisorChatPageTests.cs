using Microsoft.Playwright;
using static Crm.Tests.Browser.AgentDesktopTests;

namespace Crm.Tests.Browser;

/// <summary>
/// A supervisor steps into a chat from the browser: Chats in progress, Monitor, Coaching, Barge in, Take over, End and
/// wrap up, with the agent's desktop (agent3, which the monitor test also uses, so it is left Offline) and the customer's /chat window beside.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupervisorChatPageTests(BrowserSession browser)
{
    private static readonly float OfferTimeout = 75_000;

    [Fact]
    public async Task A_whisper_appears_on_the_agents_desktop_labelled_coaching_but_never_in_the_customers_chat_window()
    {
        var name = Unique("Cora Coach");
        var agent = await browser.SignInAsync("agent3");
        await agent.WaitForURLAsync("**/desktop");
        await Expect(agent.GetByTestId("connection"), "Live");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        var customer = await WebChatCustomer.StartAsync(browser, name, "Hello, my parcel is late");
        var offer = OfferFor(agent, name);
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var chat = ChatPanel(agent, name);
        await chat.GetByText("Hello, my parcel is late").WaitForAsync();

        // The supervisor finds the chat in progress and opens it.
        var supervisor = await browser.SignInAsync("supervisor", "/monitor/chats");
        var row = supervisor.Locator("tr").Filter(new() { HasText = name });
        await row.WaitForAsync();
        Assert.Contains("Support", await row.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(supervisor, "supervision-1-chats-in-progress");
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await supervisor.GetByTestId("supervised-customer").GetByText(name).WaitForAsync();
        await supervisor.GetByText("Hello, my parcel is late").WaitForAsync();
        var supervisorName = (await supervisor.GetByTestId("current-user").InnerTextAsync()).Trim();

        // Silent monitor: the mode shows; the agent sees the indicator (the default setting shows it).
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Monitor", Exact = true }).ClickAsync();
        await Expect(supervisor.GetByTestId("supervision-mode"), "Monitoring");
        await Expect(chat.GetByTestId("supervision-indicator"), "Monitored · ");
        await customer.SayAsync("Are you there?");
        await supervisor.GetByText("Are you there?").WaitForAsync();
        await BrowserSession.ScreenshotAsync(supervisor, "supervision-2-monitoring");

        // Coaching: on the agent's desktop with its label, never in the customer's window.
        await supervisor.GetByLabel("Coaching to the agent").FillAsync("Offer a refund of the shipping cost");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Send coaching" }).ClickAsync();
        var whisper = chat.Locator(".msg-whisper").Filter(new() { HasText = "Offer a refund of the shipping cost" });
        await whisper.WaitForAsync();
        Assert.Contains("Coaching", await whisper.InnerTextAsync());
        await Expect(chat.GetByTestId("supervision-indicator"), "Coaching · ");
        await Expect(supervisor.GetByTestId("supervision-mode"), "Coaching");
        await BrowserSession.ScreenshotAsync(agent, "supervision-3-agent-sees-coaching");

        var compose = chat.GetByLabel("Message", new() { Exact = true });
        await compose.FillAsync("We will refund the shipping cost.");
        await compose.PressAsync("Enter");
        await customer.WaitForAgentMessageAsync("refund the shipping cost");
        Assert.Equal(0, await customer.Page.GetByText("Offer a refund", new() { Exact = false }).CountAsync());
        Assert.Equal(0, await customer.Page.GetByText("Coaching").CountAsync());
        await BrowserSession.ScreenshotAsync(customer.Page, "supervision-4-customer-sees-no-coaching");

        // Barge in: the customer sees the supervisor join and write.
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Barge in" }).ClickAsync();
        await Expect(supervisor.GetByTestId("supervision-mode"), "Joined");
        await customer.WaitForNoticeAsync($"{supervisorName} joined the chat");
        var toCustomer = supervisor.GetByLabel("Message", new() { Exact = true });
        await toCustomer.FillAsync("Hello, I am the team lead.");
        await toCustomer.PressAsync("Enter");
        Assert.Contains(supervisorName, await customer.WaitForAgentMessageAsync("I am the team lead"));
        await Expect(chat.GetByTestId("supervision-indicator"), "Joined · ");
        await BrowserSession.ScreenshotAsync(supervisor, "supervision-5-joined");

        // Take over: the agent wraps up; the supervisor owns the chat, ends it and wraps up like an agent.
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Take over" }).ClickAsync();
        await Expect(supervisor.GetByTestId("supervision-mode"), "You own this chat");
        await Expect(chat.GetByTestId("wrap-up"), $"{supervisorName} (supervisor) took this chat over.");
        await BrowserSession.ScreenshotAsync(agent, "supervision-6-agent-wraps-up");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var wrapUp = supervisor.GetByTestId("wrap-up");
        await wrapUp.WaitForAsync();
        await wrapUp.GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await BrowserSession.ScreenshotAsync(supervisor, "supervision-7-supervisor-wraps-up");
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await wrapUp.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await customer.WaitForNoticeAsync($"{supervisorName} left the chat");
        Assert.Equal(0, await customer.Page.GetByText("Offer a refund", new() { Exact = false }).CountAsync());

        await chat.GetByTestId("wrap-up").GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await chat.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        // agent3 is left Offline for the monitor's test: the change must reach the server before the page closes.
        await agent.RunAndWaitForResponseAsync(
            () => agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Offline" }),
            r => r.Url.EndsWith("/api/agents/me/state", StringComparison.Ordinal) && r.Request.Method == "PUT" && r.Ok);
        await customer.CloseAsync();
        await supervisor.Context.CloseAsync();
        await agent.Context.CloseAsync();
    }
}
