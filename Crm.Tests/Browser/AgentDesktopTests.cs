using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>
/// The agent desktop as agents use it: go Available, take offers from the popover (click and Alt+A), chat both ways,
/// transfer to a second agent, wrap up and post processing; and the new-customer screen pop completing a record.
/// The customer is a second browser context on the public /chat page. agent1 and agent2 are this class's agents
/// (other browser tests use agent6 and backoffice); every offer acted on is found by the customer's unique name.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AgentDesktopTests(BrowserSession browser)
{
    /// <summary>An offer may first go to an agent another test left Available; it lapses back after 30 seconds.</summary>
    private static readonly float OfferTimeout = 75_000;

    [Fact]
    public async Task An_agent_takes_two_chats_replies_transfers_one_to_a_colleague_and_both_wrap_up()
    {
        var first = Unique("Wendy Walk");
        var second = Unique("Kai Keys");

        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        var agentName = (await agent.GetByTestId("current-user").InnerTextAsync()).Trim();
        await Expect(agent.GetByTestId("connection"), "Live");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(agent.GetByTestId("agent-state"), "Available");
        await BrowserSession.ScreenshotAsync(agent, "desktop-01-available");

        // A customer starts a chat; the offer pops at the bottom right with their name, the queue and the countdown.
        var customer = await WebChatCustomer.StartAsync(browser, first, "Hello, I need help with my order");
        var offer = OfferFor(agent, first);
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        Assert.Contains("Support", await offer.InnerTextAsync());
        Assert.Matches(new Regex(@"Accept within \d+:\d\d"), await offer.InnerTextAsync());
        Assert.Equal("Alt+A", await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).GetAttributeAsync("aria-keyshortcuts"));
        await BrowserSession.ScreenshotAsync(agent, "desktop-02-offer-popover");

        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var chat = ChatPanel(agent, first);
        await chat.WaitForAsync();
        await chat.GetByText("Hello, I need help with my order").WaitForAsync();
        await Expect(agent.GetByRole(AriaRole.Tabpanel, new() { Name = "Assigned to you" }), first);
        await BrowserSession.ScreenshotAsync(agent, "desktop-03-accepted");

        // Messages both ways: Enter sends; the customer sees the agent's name with the reply.
        var compose = chat.GetByLabel("Message", new() { Exact = true });
        await compose.FillAsync("Hi! I'm looking at your order now.");
        await compose.PressAsync("Enter");
        await chat.Locator(".msg-out").Filter(new() { HasText = "looking at your order" }).WaitForAsync();
        Assert.Equal("", await compose.InputValueAsync());
        Assert.Contains(agentName, await customer.WaitForAgentMessageAsync("looking at your order"));
        await BrowserSession.ScreenshotAsync(customer.Page, "desktop-04b-customer-sees-agent-name");
        await customer.SayAsync("Thanks, it is order 1234.");
        await chat.GetByText("Thanks, it is order 1234.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-04-messages");

        // A second chat at once (capacity 3), accepted with the keyboard shortcut.
        var other = await WebChatCustomer.StartAsync(browser, second, "Is anyone there?");
        var secondOffer = OfferFor(agent, second);
        await secondOffer.WaitForAsync(new() { Timeout = OfferTimeout });
        await agent.Keyboard.PressAsync("Alt+a");
        await ChatPanel(agent, second).GetByText("Is anyone there?").WaitForAsync();
        await secondOffer.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal("true", await agent.GetByRole(AriaRole.Tab, new() { Name = second }).GetAttributeAsync("aria-selected"));
        await BrowserSession.ScreenshotAsync(agent, "desktop-05-second-chat-by-alt-a");

        // Transfer the first chat to agent2, who is Available in another browser.
        var colleague = await browser.SignInAsync("agent2");
        await colleague.WaitForURLAsync("**/desktop");
        var colleagueName = (await colleague.GetByTestId("current-user").InnerTextAsync()).Trim();
        await Expect(colleague.GetByTestId("connection"), "Live");
        await colleague.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(colleague.GetByTestId("agent-state"), "Available");

        await agent.GetByRole(AriaRole.Tab, new() { Name = first }).ClickAsync();
        await chat.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        var dialog = agent.GetByRole(AriaRole.Dialog, new() { Name = "Transfer Request" });
        await dialog.GetByRole(AriaRole.Tab, new() { Name = "Agent" }).ClickAsync();
        await dialog.GetByLabel("Search agents").FillAsync(colleagueName[..4]);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = colleagueName }).CheckAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-06-transfer-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();

        var wrapUp = chat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await wrapUp.WaitForAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-07-wrap-up-after-transfer");

        // agent2 is offered the transferred chat, with who it came from, and accepts it.
        var transferred = OfferFor(colleague, first);
        await transferred.WaitForAsync(new() { Timeout = OfferTimeout });
        Assert.Contains($"from {agentName}", await transferred.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(colleague, "desktop-08-transfer-offer");
        await transferred.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var colleagueChat = ChatPanel(colleague, first);
        await colleagueChat.GetByText("Thanks, it is order 1234.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(colleague, "desktop-09-colleague-has-the-chat");

        // agent1 wraps up (a reason is required) and is in Post Processing with its countdown.
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await Expect(wrapUp, "Pick at least one wrap-up reason.");
        await wrapUp.GetByLabel("Search reasons and codes").FillAsync("escal");
        await wrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Escalated to second line" }).CheckAsync();
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await wrapUp.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var postProcessing = agent.GetByTestId("post-processing");
        await postProcessing.WaitForAsync();
        Assert.Matches(new Regex(@"ends in \d+:\d\d"), await postProcessing.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(agent, "desktop-10-post-processing");

        // agent2 ends the chat: the customer is told, the wrap-up follows, then Post Processing.
        await colleagueChat.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var colleagueWrapUp = colleagueChat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await colleagueWrapUp.WaitForAsync();
        await colleagueWrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Question answered" }).CheckAsync();
        await colleagueWrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "SUP-L1 First-line fix" }).CheckAsync();
        await BrowserSession.ScreenshotAsync(colleague, "desktop-11-colleague-wrap-up");
        await colleagueWrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await colleague.GetByTestId("post-processing").WaitForAsync();
        await customer.WaitForNoticeAsync($"{colleagueName} left the chat");
        await BrowserSession.ScreenshotAsync(colleague, "desktop-12-colleague-post-processing");

        // agent1 still has the second chat: end it, end post processing by hand, and sign off.
        var secondChat = ChatPanel(agent, second);
        await secondChat.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var secondWrapUp = secondChat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await secondWrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Question answered" }).CheckAsync();
        await secondWrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await secondWrapUp.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await agent.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await Expect(agent.GetByTestId("agent-state"), "Available");
        await other.WaitForNoticeAsync($"{agentName} left the chat");
        await SignOffAsync(agent);
        await colleague.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await SignOffAsync(colleague);
        await BrowserSession.ScreenshotAsync(agent, "desktop-13-offline");
        await customer.CloseAsync();
        await other.CloseAsync();
    }

    [Fact]
    public async Task The_screen_pop_of_a_first_contact_completes_the_new_customer_record()
    {
        var name = Unique("Nora New");
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}@example.com";
        // 07400 900xxx: a UK mobile range never in the demo data (the drama range 07700 900 is no valid number).
        var phone = $"+44 7400 900{Random.Shared.Next(100, 999)}";

        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        await Expect(agent.GetByTestId("connection"), "Live");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(agent.GetByTestId("agent-state"), "Available");

        var customer = await WebChatCustomer.StartAsync(browser, name, "Hi, I'd like to open an account.", email);
        var offer = OfferFor(agent, name);
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        Assert.Contains("New customer", await offer.InnerTextAsync());

        // The pop beside the offer is the new-customer form, filled with what the chat told us.
        var form = agent.GetByTestId("new-customer-form");
        await form.WaitForAsync();
        Assert.Equal(name, await form.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        Assert.Contains(email, await form.InnerTextAsync());
        // The record exists already: the pop says so and what the agent can do, not "complete it and save".
        Assert.Equal($"First contact: {name}’s record was created automatically from their email address. It is already saved; " +
            "add what you learn below and choose Save changes, or leave it as it is.", (await form.GetByTestId("new-customer-note").InnerTextAsync()).Trim());
        await form.GetByLabel("Phone").FillAsync(phone);
        await form.GetByLabel("Tier").SelectOptionAsync("Gold");
        await form.GetByLabel("Notes").FillAsync("Wants a business account.");
        await BrowserSession.ScreenshotAsync(agent, "desktop-20-new-customer-pop");

        // Typed before accepting, finished after: the draft follows the chat into the side pane.
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var chat = ChatPanel(agent, name);
        await chat.GetByText("open an account").WaitForAsync();
        var sideForm = agent.GetByRole(AriaRole.Complementary, new() { Name = "Customer information" }).GetByTestId("new-customer-form");
        Assert.Equal(phone, await sideForm.GetByLabel("Phone").InputValueAsync());
        await sideForm.GetByLabel("Account number").FillAsync("AC-990001");
        await sideForm.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var pop = agent.GetByRole(AriaRole.Complementary, new() { Name = "Customer information" }).GetByTestId("screen-pop");
        await pop.GetByRole(AriaRole.Link, new() { Name = name }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-21-customer-saved");

        var conversationId = long.Parse((await chat.GetAttributeAsync("data-conversation"))!);
        var conversation = await GetAsync<ConversationDto>(agent, $"/api/conversations/{conversationId}");
        var saved = await GetAsync<CustomerDto>(agent, $"/api/customers/{conversation.CustomerId}");
        Assert.Equal(name, saved.Name);
        Assert.Equal("Gold", saved.CustomFields["tier"]);
        Assert.Equal("AC-990001", saved.CustomFields["account_number"]);
        Assert.Equal("Wants a business account.", saved.Notes);
        Assert.Contains(saved.Identities, i => i.Channel == "email" && i.Address == email);
        Assert.Contains(saved.Identities, i => i.Channel == "phone" && i.Address.EndsWith(phone[^3..]));

        // Save to CRM during the chat: a closed case on the customer's record, shown in the pop and the contact history.
        await chat.GetByRole(AriaRole.Button, new() { Name = "Save to CRM" }).ClickAsync();
        var savedToast = agent.GetByText(new Regex(@"saved as closed case CS-\d+"));
        await savedToast.WaitForAsync();
        var caseNumber = Regex.Match(await savedToast.InnerTextAsync(), @"CS-\d+").Value;
        await pop.GetByRole(AriaRole.Link, new() { Name = caseNumber }).WaitForAsync();
        await agent.GetByRole(AriaRole.Tab, new() { Name = "Contact history" }).ClickAsync();
        var history = agent.GetByRole(AriaRole.List, new() { Name = "Contact history" });
        await history.WaitForAsync();
        Assert.Contains(name, await history.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(agent, "desktop-22-contact-history");
        await agent.GetByRole(AriaRole.Tab, new() { Name = "Customer", Exact = true }).ClickAsync();

        await chat.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var wrapUp = chat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await wrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Information sent" }).CheckAsync();
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await agent.GetByTestId("post-processing").WaitForAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await SignOffAsync(agent);
        await customer.CloseAsync();
    }

    [Fact]
    public async Task Rejecting_an_offer_puts_the_agent_on_break_until_they_choose_available_again()
    {
        var name = Unique("Rita Reject");
        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        await Expect(agent.GetByTestId("connection"), "Live");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(agent.GetByTestId("agent-state"), "Available");

        var customer = await WebChatCustomer.StartAsync(browser, name, "Can someone call me back?");
        var offer = OfferFor(agent, name);
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        await offer.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        // 8x8's policy: a rejected offer puts the agent On Break; the popover offers Available or Idle (Webex).
        var popover = agent.GetByTestId("rona-popover");
        await popover.WaitForAsync();
        Assert.Contains("rejected a chat", await popover.InnerTextAsync());
        await Expect(agent.GetByTestId("agent-state"), "On Break");
        await BrowserSession.ScreenshotAsync(agent, "desktop-30-rejected-popover");
        await popover.GetByRole(AriaRole.Button, new() { Name = "Idle" }).ClickAsync();
        await popover.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Expect(agent.GetByTestId("agent-state"), "On Break");

        // Back to work: the chat went back to the head of the queue and comes to the agent again.
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var chat = ChatPanel(agent, name);
        await chat.GetByText("Can someone call me back?").WaitForAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-31-accepted-after-break");

        await chat.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var wrapUp = chat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await wrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Follow-up scheduled" }).CheckAsync();
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await SignOffAsync(agent);
        await customer.CloseAsync();
    }

    [Fact]
    public async Task A_conference_guest_joins_and_exits_and_a_draft_survives_a_reload()
    {
        var name = Unique("Cora Conf");
        var agent = await browser.SignInAsync("agent1");
        await agent.WaitForURLAsync("**/desktop");
        var agentName = (await agent.GetByTestId("current-user").InnerTextAsync()).Trim();
        await Expect(agent.GetByTestId("connection"), "Live");
        await agent.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(agent.GetByTestId("agent-state"), "Available");

        var customer = await WebChatCustomer.StartAsync(browser, name, "My router keeps rebooting.");
        var offer = OfferFor(agent, name);
        await offer.WaitForAsync(new() { Timeout = OfferTimeout });
        await agent.Keyboard.PressAsync("Alt+a");
        var chat = ChatPanel(agent, name);
        await chat.GetByText("My router keeps rebooting.").WaitForAsync();

        // Nothing typed is lost: the unsent draft is still there after a reload, and the chat tab comes back.
        await chat.GetByLabel("Message", new() { Exact = true }).FillAsync("Let me ask a colleague from second line");
        await agent.ReloadAsync();
        await agent.WaitForSelectorAsync("html[data-app-ready=true]");
        Assert.Equal("Let me ask a colleague from second line", await chat.GetByLabel("Message", new() { Exact = true }).InputValueAsync());
        await chat.GetByLabel("Message", new() { Exact = true }).FillAsync("");

        var guest = await browser.SignInAsync("agent2");
        await guest.WaitForURLAsync("**/desktop");
        var guestName = (await guest.GetByTestId("current-user").InnerTextAsync()).Trim();
        await Expect(guest.GetByTestId("connection"), "Live");
        await guest.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        await Expect(guest.GetByTestId("agent-state"), "Available");

        await chat.GetByRole(AriaRole.Button, new() { Name = "Conference", Exact = true }).ClickAsync();
        var dialog = agent.GetByRole(AriaRole.Dialog, new() { Name = "Conference Request" });
        await dialog.GetByRole(AriaRole.Radio, new() { Name = guestName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Conference", Exact = true }).ClickAsync();
        await Expect(chat.GetByTestId("conference-state"), "Conference Requested");
        await BrowserSession.ScreenshotAsync(agent, "desktop-40-conference-requested");

        var invite = OfferFor(guest, name);
        await invite.WaitForAsync(new() { Timeout = OfferTimeout });
        Assert.Contains($"Conference request from {agentName}", await invite.InnerTextAsync());
        await invite.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        var guestChat = ChatPanel(guest, name);
        await guestChat.GetByRole(AriaRole.Button, new() { Name = "Exit Conference" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(guest, "desktop-41-conference-guest");

        await Expect(chat.GetByTestId("conference-state"), $"Conference · {guestName}");
        await chat.GetByRole(AriaRole.Button, new() { Name = "End Conference" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(agent, "desktop-42-conference-owner");

        // The guest exits and wraps up; the chat goes on between the owner and the customer.
        await guestChat.GetByRole(AriaRole.Button, new() { Name = "Exit Conference" }).ClickAsync();
        var guestWrapUp = guestChat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await guestWrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Technical issue resolved" }).CheckAsync();
        await guestWrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await guest.GetByTestId("post-processing").WaitForAsync();
        await customer.WaitForNoticeAsync($"{guestName} left the chat");
        await chat.GetByTestId("conference-state").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await chat.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).ClickAsync();
        var wrapUp = chat.GetByRole(AriaRole.Dialog, new() { Name = "Wrap Up" });
        await wrapUp.GetByRole(AriaRole.Checkbox, new() { Name = "Technical issue resolved" }).CheckAsync();
        await wrapUp.GetByRole(AriaRole.Button, new() { Name = "Submit Wrap Up" }).ClickAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await SignOffAsync(agent);
        await guest.GetByRole(AriaRole.Button, new() { Name = "End Post Processing" }).ClickAsync();
        await SignOffAsync(guest);
        await customer.CloseAsync();
    }

    internal static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..5]}";

    internal static ILocator OfferFor(IPage page, string customer) =>
        page.GetByTestId("offer-popover").Filter(new() { Has = page.GetByTestId("offer-customer").GetByText(customer, new() { Exact = true }) });

    internal static ILocator ChatPanel(IPage page, string customer) =>
        page.Locator("article.chat").Filter(new() { Has = page.GetByTestId("chat-customer").GetByText(customer, new() { Exact = true }) });

    private static async Task SignOffAsync(IPage page)
    {
        await page.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Offline" });
        await Expect(page.GetByTestId("agent-state"), "Offline");
    }

    private static async Task<T> GetAsync<T>(IPage page, string url) =>
        JsonSerializer.Deserialize<T>(await (await page.APIRequest.GetAsync(url)).TextAsync(), CrmClient.Json)!;

    /// <summary>Waits until the element's text (a select's chosen option included) contains <paramref name="text"/>.</summary>
    internal static async Task Expect(ILocator locator, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var shown = await locator.EvaluateAsync<string>(
                "el => el instanceof HTMLSelectElement ? el.selectedOptions[0]?.textContent ?? '' : el.innerText");
            if (shown.Contains(text)) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"Expected “{text}” in “{shown}”.");
            await Task.Delay(100);
        }
    }

    /// <summary>The customer's side: a browser context of its own on the public /chat page.</summary>
    internal sealed class WebChatCustomer(IPage page)
    {
        public IPage Page { get; } = page;

        public static async Task<WebChatCustomer> StartAsync(BrowserSession browser, string name, string text, string? email = null)
        {
            var page = await browser.OpenAsync("/chat");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            if (email is not null) await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
            await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
            var customer = new WebChatCustomer(page);
            await customer.SayAsync(text);
            return customer;
        }

        public async Task SayAsync(string text)
        {
            var box = Page.GetByLabel("Message", new() { Exact = true });
            await box.FillAsync(text);
            await box.PressAsync("Enter");
            await Page.GetByTestId("webchat-customer").Filter(new() { HasText = text }).WaitForAsync();
        }

        /// <summary>The agent's reply as the customer sees it, with the agent's name.</summary>
        public async Task<string> WaitForAgentMessageAsync(string fragment)
        {
            var reply = Page.GetByTestId("webchat-agent").Filter(new() { HasText = fragment });
            await reply.WaitForAsync();
            return await reply.InnerTextAsync();
        }

        public Task WaitForNoticeAsync(string text) => Page.GetByText(text, new() { Exact = true }).WaitForAsync();

        public Task CloseAsync() => Page.Context.CloseAsync();
    }
}
