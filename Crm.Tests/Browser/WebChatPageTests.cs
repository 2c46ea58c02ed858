using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>
/// The customer's web chat at /chat, with the agent's side driven over the HTTP API. The app is shared with the other
/// browser tests (which may use agent1..agent3), so this test answers as agent6 and only ever accepts its own visitor's chat.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebChatPageTests(BrowserSession browser)
{
    private const string Agent = "agent6";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_visitor_chats_with_an_agent_who_joins_replies_and_leaves_and_a_reload_keeps_the_thread()
    {
        var visitor = $"Wanda Web {Guid.NewGuid().ToString("N")[..6]}";
        var page = await browser.OpenAsync("/chat");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Chat with us" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "webchat-1-prechat");

        // A missing name is said at the field, before anything is sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await page.GetByText("Enter your name").WaitForAsync();

        // The server's validation problem is shown under the field it is about.
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(visitor);
        var email = page.GetByLabel("Email", new() { Exact = true });
        await email.FillAsync("not-an-email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        await page.Locator("#webchat-email-error").WaitForAsync();
        Assert.Equal("true", await email.GetAttributeAsync("aria-invalid"));
        await BrowserSession.ScreenshotAsync(page, "webchat-1b-invalid-email");

        await email.FillAsync($"{visitor.Replace(' ', '.').ToLowerInvariant()}@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();

        var box = page.GetByLabel("Message", new() { Exact = true });
        await box.FillAsync("Hello, I need help");
        await box.PressAsync("Enter");
        await Mine(page, "Hello, I need help").WaitForAsync();
        Assert.Equal("", await box.InputValueAsync());
        await page.GetByText("Waiting for an agent…").WaitForAsync();
        // What the thread shows is what the server stored: card numbers come back masked.
        await box.FillAsync("My card is 4242 4242 4242 4242");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Mine(page, "My card is **** **** **** 4242").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "webchat-2-waiting");

        // A message that could not be sent stays in the box, with the reason; sending again works.
        await page.RouteAsync("**/api/webchat/sessions/*/messages", route => route.Request.Method == "POST" ? route.AbortAsync() : route.ContinueAsync());
        await box.FillAsync("Are you there?");
        await box.PressAsync("Enter");
        await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "was not sent" }).WaitForAsync();
        Assert.Equal("Are you there?", await box.InputValueAsync());
        await BrowserSession.ScreenshotAsync(page, "webchat-2b-not-sent");
        await page.UnrouteAllAsync();
        await box.PressAsync("Enter");
        await Mine(page, "Are you there?").WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Alert).CountAsync());

        using var agent = await SignInAgentAsync();
        var agentName = (await agent.GetAsync<AgentDto>("/api/agents/me")).DisplayName;
        var id = await TakeChatAsync(agent, agentName, visitor);

        await page.GetByText($"{agentName} joined the chat", new() { Exact = true }).WaitForAsync();
        Assert.Equal(0, await page.GetByText("Waiting for an agent…").CountAsync());
        await agent.SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{id}/messages",
            new SendMessage { Text = "Hi, I'm here to help. What is your order number?" });
        var reply = page.GetByTestId("webchat-agent").Filter(new() { HasText = "What is your order number?" });
        await reply.WaitForAsync();
        Assert.Contains(agentName, await reply.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "webchat-3-agent-replied");

        await agent.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/end", new { });
        await page.GetByText($"{agentName} left the chat", new() { Exact = true }).WaitForAsync();
        await page.GetByText("The chat has ended").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).WaitForAsync();
        Assert.True(await box.IsEditableAsync(), "the composer stays usable after the agent ended the chat");
        await BrowserSession.ScreenshotAsync(page, "webchat-4-ended");
        await WrapUpAsync(agent, id);

        // A reload continues the same session: the whole thread comes back from the server.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-app-ready=true]");
        await Mine(page, "Hello, I need help").WaitForAsync();
        await Mine(page, "My card is **** **** **** 4242").WaitForAsync();
        await page.GetByText($"{agentName} joined the chat", new() { Exact = true }).WaitForAsync();
        Assert.Contains(agentName, await reply.InnerTextAsync());
        await page.GetByText($"{agentName} left the chat", new() { Exact = true }).WaitForAsync();
        await page.GetByText("The chat has ended").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "webchat-5-reloaded");

        // Writing after the end starts a new conversation in the same session, waiting for an agent again.
        await box.FillAsync("One more question, please");
        await box.PressAsync("Enter");
        await Mine(page, "One more question, please").WaitForAsync();
        await page.GetByText("Waiting for an agent…").WaitForAsync();
        var second = await TakeChatAsync(agent, agentName, visitor);
        Assert.NotEqual(id, second);
        Assert.Equal(2, await CountEventuallyAsync(page.GetByText($"{agentName} joined the chat", new() { Exact = true }), 2));
        await page.SetViewportSizeAsync(390, 760);
        await BrowserSession.ScreenshotAsync(page, "webchat-6-phone");
        await agent.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{second}/end", new { });
        await WrapUpAsync(agent, second);
        await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Offline" });

        // "New chat" forgets the session: the pre-chat form again, and a reload stays there.
        await page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).WaitForAsync();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-app-ready=true]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).WaitForAsync();

        // A session the server does not know (expired, another database) falls back to the form and says why.
        await page.EvaluateAsync("() => sessionStorage.setItem('crmsuite.webchat', JSON.stringify({ sessionId: 'no-such-session', name: 'Ghost' }))");
        await page.ReloadAsync();
        await page.GetByText("Your earlier chat is no longer available").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "webchat-7-phone-session-gone");
        await page.Context.CloseAsync();
    }

    private Task<CrmClient> SignInAgentAsync() => browser.ApiClientAsync(Agent);

    private static ILocator Mine(IPage page, string text) =>
        page.GetByTestId("webchat-customer").Filter(new() { HasText = text });

    private static async Task<int> CountEventuallyAsync(ILocator locator, int expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await locator.CountAsync() != expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        return await locator.CountAsync();
    }

    /// <summary>
    /// Finds the visitor's waiting chat in the Inbox by name, makes the agent Available and accepts it once it is offered to them.
    /// A leftover chat of another test may be offered first: it is never accepted; it lapses and the agent is made Available again.
    /// </summary>
    internal static async Task<long> TakeChatAsync(CrmClient agent, string agentName, string visitor, string userName = Agent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        long? id = null;
        while (id is null)
        {
            var inbox = await agent.GetAsync<ConversationList>("/api/conversations?view=inbox");
            id = inbox.Groups.SelectMany(g => g.Conversations).FirstOrDefault(c => c.Channel == "webchat" && c.CustomerName == visitor)?.Id;
            if (id is null) await Wait(deadline, $"{visitor}'s chat in the inbox");
        }
        while (true)
        {
            var me = await agent.GetAsync<AgentDto>("/api/agents/me");
            // Idle after an earlier chat (post processing) or after someone else's offer lapsed: ready again.
            if (me.State is "Offline" or "OnBreak" or "RONA" || (me.State == "PostProcessing" && me.Load == 0))
                await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });
            var conversation = await agent.GetAsync<ConversationDto>($"/api/conversations/{id}");
            if (conversation.Participants.Any(p => p.State == "Offered" && p.AgentName == agentName))
            {
                await agent.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/accept", null);
                return id.Value;
            }
            if (conversation.State is not ("Queued" or "Offered"))
                throw new InvalidOperationException($"{visitor}'s chat was taken by someone else: {conversation.State}, {conversation.OwnerName}");
            await Wait(deadline, $"{visitor}'s chat offered to {userName}");
        }
    }

    private static async Task WrapUpAsync(CrmClient agent, long id)
    {
        var reasons = await agent.GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons");
        await agent.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/wrapup", new WrapUpConversation { ReasonIds = [reasons[0].Id] });
    }

    private static async Task Wait(DateTime deadline, string what)
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
        await Task.Delay(200);
    }
}
