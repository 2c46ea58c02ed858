using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>
/// The supervisor's Monitor page: agents and queues live from /api/events, acting on an agent from the page, the agent's
/// desktop saying who changed their state, the timeline and the audit. agent1 (shared with the desktop tests) is put back
/// Offline at the end; agent3 is this class's own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitorPageTests(BrowserSession browser)
{
    [Fact]
    public async Task The_monitor_shows_agent1_go_available_live_and_a_supervisor_puts_agent3_on_break_from_the_page()
    {
        var page = await browser.SignInAsync("supervisor", "/monitor");
        await page.GetByRole(AriaRole.Link, new() { Name = "Monitor" }).WaitForAsync();
        await page.GetByTestId("monitor-connection").Filter(new() { HasText = "Live" }).WaitForAsync();
        var agent1State = page.Locator("tr[data-agent=agent1] [data-testid=agent-state]");
        await agent1State.WaitForAsync();
        Assert.DoesNotContain("Available", await agent1State.InnerTextAsync());
        await page.Locator("tr[data-queue=Support]").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "monitor-01-agents-and-queues");

        // agent1 goes Available at their desk (over HTTP): the row changes without a reload or a poll.
        using var agent1 = await SignInOverHttpAsync("agent1");
        var clock = Stopwatch.StartNew();
        await agent1.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });
        await agent1State.Filter(new() { HasText = "Available" }).WaitForAsync();
        Console.WriteLine($"monitor showed agent1 Available {clock.ElapsedMilliseconds} ms after the change was acknowledged");
        await BrowserSession.ScreenshotAsync(page, "monitor-02-agent1-available");

        // Filter by state: only agent1 is Available; sort by name, then reversed.
        var agentRows = page.Locator("table.monitor-agents tbody tr[data-agent]");
        await page.GetByTestId("filter-state").SelectOptionAsync("Available");
        await page.Locator("tr[data-agent=agent2]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(["agent1"], await agentRows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.agent)"));
        await page.GetByTestId("filter-state").SelectOptionAsync("");
        var names = await agentRows.Locator(".row-toggle").AllInnerTextsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Agent", Exact = true }).ClickAsync();
        await page.Locator("th[aria-sort=descending]").WaitForAsync();
        Assert.Equal(names.Reverse(), await agentRows.Locator(".row-toggle").AllInnerTextsAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Agent", Exact = true }).ClickAsync();

        // The supervisor puts agent3 On Break (Coaching) from the expanded row; agent3's desktop says who did it.
        var desk = await browser.SignInAsync("agent3");
        await desk.WaitForURLAsync("**/desktop");
        await desk.GetByTestId("connection").Filter(new() { HasText = "Live" }).WaitForAsync();
        var row = page.Locator("tr[data-agent=agent3]");
        await row.Locator("button.row-toggle").ClickAsync();
        var detail = page.Locator("tr.monitor-detail");
        await detail.GetByTestId("set-state-agent3").SelectOptionAsync("OnBreak");
        await detail.GetByLabel("Reason").SelectOptionAsync("Coaching");
        await detail.GetByLabel("Why (for the audit, up to 500 characters)").FillAsync("Refund coaching with Sam");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await row.GetByTestId("agent-state").Filter(new() { HasText = "On Break (Coaching)" }).WaitForAsync();
        await row.GetByText("by a supervisor").WaitForAsync();
        await detail.GetByTestId("timeline").Locator(".timeline-segment.tone-warn").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "monitor-03-agent3-on-break-timeline");

        await desk.GetByText(new System.Text.RegularExpressions.Regex(@"Your supervisor \(.+\) set you to On Break \(Coaching\)\.")).WaitForAsync();
        await BrowserSession.ScreenshotAsync(desk, "monitor-04-agent3-desktop-told");

        // The audit lists the action with the note.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        await page.GetByTestId("audit-kind").SelectOptionAsync("agent.state-set");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.Locator("tr[data-kind='agent.state-set']").Filter(new() { HasText = "Refund coaching with Sam" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "monitor-05-audit");

        await agent1.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Offline" });
        await desk.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Offline" });
        await desk.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>An agent over HTTP on the shared app's real port (CrmApp.SignInAsync's client goes to port 80 there).</summary>
    private async Task<CrmClient> SignInOverHttpAsync(string userName)
    {
        var client = new CrmClient(browser.App.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(browser.BaseUrl),
            AllowAutoRedirect = false,
            HandleCookies = true,
        }));
        await client.PostAsync("/api/auth/login", new Login { UserName = userName, Password = CrmApp.Password });
        return client;
    }
}
