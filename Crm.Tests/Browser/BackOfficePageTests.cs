using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BackOfficePageTests(BrowserSession browser)
{
    [Fact]
    public async Task Back_office_assigns_an_orphan_case_to_a_customer_and_closes_another()
    {
        var page = await browser.SignInAsync("backoffice");
        var customer = (await GetAsync<Paged<CustomerDto>>(page, "/api/customers?pageSize=1")).Items.Single();
        // A fragment of the name, as someone would type it: "Ted Feest" -> "Ted Fee".
        var fragment = customer.Name[..^2];

        await page.GetByRole(AriaRole.Link, new() { Name = "Back office" }).ClickAsync();
        var rows = page.Locator(".table-orphans tbody tr");
        await rows.First.WaitForAsync();
        var before = await OrphanCountAsync(page);
        Assert.True(await rows.CountAsync() >= 2, "the demo data has orphan cases to work on");
        Assert.Contains("Customer:", await rows.First.Locator(".transcript-preview").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "back-office-1-queue");

        // Assign the newest orphan to the customer found by typing part of their name.
        var assigned = (await rows.First.GetAttributeAsync("data-case-number"))!;
        await page.GetByRole(AriaRole.Button, new() { Name = $"Assign {assigned}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Find customer").FillAsync(fragment);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = customer.Name }).First.CheckAsync();
        await BrowserSession.ScreenshotAsync(page, "back-office-2-assign-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Assign to {customer.Name}" }).ClickAsync();

        await Expect(page.Locator(".status-line"), $"{assigned} assigned to {customer.Name}.");
        Assert.Equal(0, await page.Locator($".table-orphans [data-case-number='{assigned}']").CountAsync());
        Assert.Equal(before - 1, await OrphanCountAsync(page));
        await BrowserSession.ScreenshotAsync(page, "back-office-3-assigned");

        // The case page shows the customer and who assigned it.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open {assigned}" }).ClickAsync();
        var caseCustomer = page.GetByTestId("case-customer");
        await caseCustomer.WaitForAsync();
        Assert.Equal(customer.Name, (await caseCustomer.InnerTextAsync()).Trim());
        var me = await GetAsync<CurrentUser>(page, "/api/auth/me");
        var assignedEntry = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"by {me.DisplayName}" })
            .Filter(new() { HasTextRegex = new Regex("assigned", RegexOptions.IgnoreCase) });
        await assignedEntry.WaitForAsync();
        Assert.Contains(customer.Name, await assignedEntry.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "back-office-4-case-page");

        // The topbar names the role as people say it.
        Assert.Contains("Back office", await page.Locator(".topbar-user-roles").InnerTextAsync());
        Assert.DoesNotContain("BackOffice", await page.Locator(".topbar-user-roles").InnerTextAsync());

        // Close another orphan without a customer: the dialog asks for a resolution note first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back office" }).First.ClickAsync();
        await rows.First.WaitForAsync();
        var closed = (await rows.First.GetAttributeAsync("data-case-number"))!;
        Assert.NotEqual(assigned, closed);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Close {closed}" }).ClickAsync();
        var close = page.GetByRole(AriaRole.Dialog, new() { Name = $"Close {closed}" });
        await close.GetByRole(AriaRole.Button, new() { Name = $"Close {closed}" }).ClickAsync();
        await close.GetByText("Write what was done").WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "back-office-5a-resolution-needed");
        await close.GetByLabel("Resolution note").FillAsync("Spam: a bot selling sunglasses, nobody to contact.");
        await close.GetByRole(AriaRole.Button, new() { Name = $"Close {closed}" }).ClickAsync();

        await Expect(page.Locator(".status-line"), $"{closed} closed: Spam: a bot selling sunglasses");
        Assert.Equal(0, await page.Locator($".table-orphans [data-case-number='{closed}']").CountAsync());
        Assert.Equal(before - 2, await OrphanCountAsync(page));
        await BrowserSession.ScreenshotAsync(page, "back-office-5-closed");

        // Every case below: a case number finds that case, and the filters narrow the list.
        var list = page.Locator(".table-cases tbody tr");
        await list.First.WaitForAsync();
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync(closed);
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 case matches" }).WaitForAsync();
        Assert.Equal(closed, await list.First.GetAttributeAsync("data-case-number"));
        Assert.Contains("Closed", await list.First.InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = closed, Exact = true }).ClickAsync();
        Assert.Equal("Spam: a bot selling sunglasses, nobody to contact.", (await page.GetByTestId("case-resolution").InnerTextAsync()).Trim());
        await page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Resolution: Spam" }).Filter(new() { HasText = $"by {me.DisplayName}" })
            .WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "back-office-6-closed-case");

        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await page.GetByLabel("Queue").SelectOptionAsync(new SelectOptionValue { Label = "Billing" });
        await page.GetByLabel("Status").SelectOptionAsync("Closed");
        await page.GetByLabel("Customer link").SelectOptionAsync(new SelectOptionValue { Label = "With a customer" });
        await Eventually(async () => (await list.AllInnerTextsAsync()) is { Count: > 0 } texts
            && texts.All(t => t.Contains("Billing") && t.Contains("Closed")));
        await BrowserSession.ScreenshotAsync(page, "back-office-7-cases-list");
        var filtered = await GetAsync<Paged<CaseSummary>>(page, "/api/cases?status=Closed&orphan=false&pageSize=1&queueId=" +
            (await GetAsync<List<QueueDto>>(page, "/api/queues")).Single(q => q.Name == "Billing").Id);
        Assert.Equal(filtered.Total, int.Parse((await page.GetByTestId("cases-count").InnerTextAsync()).Trim()));
    }

    private static async Task Eventually(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The cases list did not show the filtered cases.");
            await Task.Delay(100);
        }
    }

    /// <summary>An API call with the page's own session cookie.</summary>
    private static async Task<T> GetAsync<T>(IPage page, string url) =>
        JsonSerializer.Deserialize<T>(await (await page.APIRequest.GetAsync(url)).TextAsync(), CrmClient.Json)!;

    private static async Task<int> OrphanCountAsync(IPage page) =>
        int.Parse((await page.GetByTestId("orphan-count").InnerTextAsync()).Trim());

    /// <summary>Waits until the element's text contains <paramref name="text"/> (the page answers after a request).</summary>
    private static async Task Expect(ILocator locator, string text)
    {
        await locator.Filter(new() { HasText = text }).WaitForAsync();
        Assert.Contains(text, await locator.InnerTextAsync());
    }
}
