using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>
/// Send to Inbox asks first and tells the customer they wait for the next agent; a colleague picks the chat from the Inbox;
/// the customer's End chat asks first and keeps the transcript. This class's agents are agent4 and agent5 (no other browser test uses them).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxPickUpTests(BrowserSession browser)
{
    [Fact]
    public async Task A_chat_sent_to_the_inbox_is_picked_up_by_a_colleague_and_the_customer_ends_it_with_the_transcript_kept()
    {
        var visitor = $"Ivy Inbox {Guid.NewGuid().ToString("N")[..6]}";
        var customer = await browser.OpenAsync("/chat");
        await customer.GetByLabel("Name", new() { Exact = true }).FillAsync(visitor);
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var box = customer.GetByLabel("Message", new() { Exact = true });
        await box.FillAsync("Hello, is anyone there?");
        await box.PressAsync("Enter");

        using var sender = await SignInAgentAsync("agent4");
        using var picker = await SignInAgentAsync("agent5");
        await picker.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "OnBreak", ReasonCode = "Coaching" });
        var senderName = (await sender.GetAsync<AgentDto>("/api/agents/me")).DisplayName;
        var id = await WebChatPageTests.TakeChatAsync(sender, senderName, visitor, "agent4");
        await customer.GetByTestId("webchat-subtitle").Filter(new() { HasText = $"Chatting with {senderName}" }).WaitForAsync();

        // The sender's desktop: Send to Inbox asks first, and Keep the chat changes nothing.
        var desk = await browser.SignInAsync("agent4");
        await desk.WaitForURLAsync("**/desktop");
        var chat = desk.Locator($"article.chat[data-conversation='{id}']");
        await chat.GetByRole(AriaRole.Button, new() { Name = "Send to Inbox" }).ClickAsync();
        var confirm = desk.GetByRole(AriaRole.Dialog, new() { Name = "Send to Inbox?" });
        await confirm.WaitForAsync();
        Assert.Contains("waiting for the next available agent", await confirm.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(desk, "inbox-1-send-to-inbox-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Keep the chat" }).ClickAsync();
        Assert.Equal("Active", (await sender.GetAsync<ConversationDto>($"/api/conversations/{id}")).State);
        await chat.GetByRole(AriaRole.Button, new() { Name = "Send to Inbox" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Send to Inbox" }).ClickAsync();
        await desk.GetByText("went back to the Inbox").WaitForAsync();

        // The customer is told they wait again, not that they chat with the agent who left.
        var subtitle = customer.GetByTestId("webchat-subtitle");
        await subtitle.Filter(new() { HasText = "Waiting for the next available agent" }).WaitForAsync();
        await customer.GetByText("Waiting for an agent…").WaitForAsync();
        await BrowserSession.ScreenshotAsync(customer, "inbox-2-customer-waiting");

        // agent5, on a break, picks it from the Inbox.
        var colleague = await browser.SignInAsync("agent5");
        await colleague.WaitForURLAsync("**/desktop");
        await colleague.GetByRole(AriaRole.Tab, new() { Name = "Inbox" }).ClickAsync();
        await colleague.Locator($"button.item[data-conversation='{id}']").ClickAsync();
        var preview = colleague.Locator($"article.chat[data-conversation='{id}']");
        var note = preview.GetByTestId("inbox-note");
        await note.GetByRole(AriaRole.Button, new() { Name = "Pick up" }).WaitForAsync();
        Assert.Contains("pick it up to answer it yourself", await note.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(colleague, "inbox-3-pick-up");
        await note.GetByRole(AriaRole.Button, new() { Name = "Pick up" }).ClickAsync();
        await preview.GetByRole(AriaRole.Button, new() { Name = "End", Exact = true }).WaitForAsync();
        await colleague.GetByText($"You took the chat with {visitor}").WaitForAsync();
        var pickerName = (await picker.GetAsync<AgentDto>("/api/agents/me")).DisplayName;
        await subtitle.Filter(new() { HasText = $"Chatting with {pickerName}" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(colleague, "inbox-4-picked-up");

        // The customer's End chat asks first; Keep chatting keeps it going.
        await customer.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        var ask = customer.GetByRole(AriaRole.Dialog, new() { Name = "End this chat?" });
        await ask.WaitForAsync();
        Assert.Contains($"{pickerName} will see that you left", await ask.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(customer, "inbox-5-customer-end-confirm");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Keep chatting" }).ClickAsync();
        Assert.True(await box.IsEditableAsync());
        await customer.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await ask.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();

        // Ended: the transcript stays, with a clear ended state, also after a reload; the agent reads that the customer left.
        await customer.GetByTestId("webchat-left").WaitForAsync();
        await subtitle.Filter(new() { HasText = "You ended the chat" }).WaitForAsync();
        await customer.GetByTestId("webchat-customer").Filter(new() { HasText = "Hello, is anyone there?" }).WaitForAsync();
        Assert.Equal(0, await box.CountAsync());
        await BrowserSession.ScreenshotAsync(customer, "inbox-6-customer-ended");
        await customer.ReloadAsync();
        await customer.WaitForSelectorAsync("html[data-app-ready=true]");
        await customer.GetByTestId("webchat-left").WaitForAsync();
        await customer.GetByTestId("webchat-customer").Filter(new() { HasText = "Hello, is anyone there?" }).WaitForAsync();
        await preview.GetByText($"{visitor} left the chat").WaitForAsync();

        await customer.GetByRole(AriaRole.Button, new() { Name = "Start a new chat" }).ClickAsync();
        await customer.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).WaitForAsync();

        await picker.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/end", new { });
        var reasons = await picker.GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons");
        await picker.SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/wrapup", new WrapUpConversation { ReasonIds = [reasons[0].Id] });
        foreach (var agent in new[] { sender, picker })
        {
            var me = await agent.GetAsync<AgentDto>("/api/agents/me");
            if (me.State == "PostProcessing") await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state",
                new SetAgentState { State = "Available" });
            await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Offline" });
        }
        await customer.Context.CloseAsync();
        await desk.Context.CloseAsync();
        await colleague.Context.CloseAsync();
    }

    private Task<CrmClient> SignInAgentAsync(string userName) => browser.ApiClientAsync(userName);
}
