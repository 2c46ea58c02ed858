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
        Assert.Equal(0, await page.Locator($"[data-case-number='{assigned}']").CountAsync());
        Assert.Equal(before - 1, await OrphanCountAsync(page));
        await BrowserSession.ScreenshotAsync(page, "back-office-3-assigned");

        // The case page shows the customer and who assigned it.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open {assigned}" }).ClickAsync();
        var caseCustomer = page.GetByTestId("case-customer");
        await caseCustomer.WaitForAsync();
        Assert.Equal(customer.Name, (await caseCustomer.InnerTextAsync()).Trim());
        var assignedEntry = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "by backoffice" })
            .Filter(new() { HasTextRegex = new Regex("assigned", RegexOptions.IgnoreCase) });
        await assignedEntry.WaitForAsync();
        Assert.Contains(customer.Name, await assignedEntry.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "back-office-4-case-page");

        // Close another orphan without a customer: it leaves the queue too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back office" }).First.ClickAsync();
        await rows.First.WaitForAsync();
        var closed = (await rows.First.GetAttributeAsync("data-case-number"))!;
        Assert.NotEqual(assigned, closed);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Close {closed}" }).ClickAsync();

        await Expect(page.Locator(".status-line"), $"{closed} closed");
        Assert.Equal(0, await page.Locator($"[data-case-number='{closed}']").CountAsync());
        Assert.Equal(before - 2, await OrphanCountAsync(page));
        await BrowserSession.ScreenshotAsync(page, "back-office-5-closed");
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
