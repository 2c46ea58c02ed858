using System.Text.Json;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomersPageTests(BrowserSession browser)
{
    [Fact]
    public async Task An_agent_finds_a_customer_by_a_phone_fragment_and_reads_their_record_and_contact_history()
    {
        var page = await browser.SignInAsync("agent1");
        var (customer, earlierCase) = await CustomerWithAClosedCaseAsync(page);
        var phone = customer.Identities.First(i => i.Channel == "phone").Address;
        // Typed as people read numbers out: "+442079461998" -> "7946 1998".
        var fragment = $"{phone[^8..^4]} {phone[^4..]}";

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.GetByLabel("Search customers").FillAsync(fragment);

        // Listed as people read it ("+44 20 7946 1998"), not as stored.
        var result = page.Locator(".table-customers tbody tr").Filter(new() { HasText = customer.Identities.First(i => i.Channel == "phone").Formatted });
        await result.WaitForAsync();
        Assert.Contains(customer.Name, await result.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "customers-1-search-by-phone");

        await result.GetByRole(AriaRole.Link, new() { Name = customer.Name }).ClickAsync();
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = customer.Name });
        await heading.WaitForAsync();
        var identities = page.GetByRole(AriaRole.List, new() { Name = "Identities" });
        foreach (var identity in customer.Identities)
            Assert.Contains(identity.Display ?? identity.Formatted, await identities.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "customers-2-record");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Contact history" }).ClickAsync();
        var contact = page.GetByRole(AriaRole.List, new() { Name = "Contact history" }).GetByRole(AriaRole.Listitem)
            .Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = earlierCase.Subject }) });
        await contact.First.WaitForAsync();
        await BrowserSession.ScreenshotAsync(page, "customers-3-contact-history");
    }

    [Fact]
    public async Task An_agent_creates_a_customer_after_the_form_points_at_a_malformed_phone_number()
    {
        var name = $"Browser Test {Guid.NewGuid().ToString("N")[..6]}";
        // 07400 900xxx: a UK mobile range never in the demo data (the drama range 07700 900 is no valid number).
        var phone = $"+44 7400 900{Random.Shared.Next(100, 999)}";

        var page = await browser.SignInAsync("agent1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New customer" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New customer" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Phone number").FillAsync("12ab");
        await form.GetByLabel("Email address").FillAsync($"{name.Replace(' ', '.').ToLowerInvariant()}@example.com");
        await form.GetByLabel("Tier").SelectOptionAsync("Gold");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        // The problem is shown at the phone field, which is marked invalid and described by it.
        var phoneField = form.GetByLabel("Phone number");
        await form.Locator("[aria-invalid=true]").First.WaitForAsync();
        Assert.Equal("true", await phoneField.GetAttributeAsync("aria-invalid"));
        var errorId = await phoneField.GetAttributeAsync("aria-describedby");
        Assert.Contains("not a phone number", await page.Locator($"[id='{errorId}']").InnerTextAsync());
        Assert.Contains("Correct the fields marked below", await form.GetByRole(AriaRole.Alert).InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "customers-4-new-customer-phone-error");

        await phoneField.FillAsync(phone);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = name }).WaitForAsync();
        Assert.Contains($"Customer {name} created.", await page.Locator(".status-line").InnerTextAsync());
        var identities = await page.GetByRole(AriaRole.List, new() { Name = "Identities" }).InnerTextAsync();
        Assert.Contains(phone, identities); // shown as people read it, "+44 7400 900123", not as stored (E.164)
        Assert.Contains("Gold", await page.Locator(".customer-details").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "customers-5-created");
    }

    [Fact]
    public async Task Merging_a_duplicate_shows_both_records_side_by_side_then_the_merged_record()
    {
        var page = await browser.SignInAsync("agent1");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kept = await PostAsync<CustomerDto>(page, "/api/customers", new CreateCustomer
        {
            Name = $"Kept Person {suffix}",
            Identities = [new() { Channel = "email", Address = $"kept.{suffix}@example.com" }],
        });
        var duplicate = await PostAsync<CustomerDto>(page, "/api/customers", new CreateCustomer
        {
            Name = $"Duplicate Person {suffix}",
            Identities = [new() { Channel = "phone", Address = $"+44 7400 900{Random.Shared.Next(100, 999)}" }],
        });

        await page.GotoAsync($"/customers/{kept.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Find the duplicate").FillAsync($"Duplicate Person {suffix}");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = duplicate.Name }).CheckAsync();
        var stays = dialog.GetByRole(AriaRole.Region, new() { Name = $"Stays {kept.Name}" });
        var goes = dialog.GetByRole(AriaRole.Region, new() { Name = $"Merged in, then removed {duplicate.Name}" });
        Assert.Contains($"kept.{suffix}@example.com", await stays.InnerTextAsync());
        Assert.Contains(duplicate.Identities[0].Formatted, await goes.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "customers-6-merge-dialog");

        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Merge into {kept.Name}" }).ClickAsync();

        await page.Locator(".status-line").Filter(new() { HasText = $"{duplicate.Name} was merged into {kept.Name}." }).WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Dialog).CountAsync());
        var identities = await page.GetByRole(AriaRole.List, new() { Name = "Identities" }).InnerTextAsync();
        Assert.Contains($"kept.{suffix}@example.com", identities);
        Assert.Contains(duplicate.Identities[0].Formatted, identities);
        await BrowserSession.ScreenshotAsync(page, "customers-7-merged");
    }

    /// <summary>A demo customer with a phone and at least one closed case (their contact history is not empty).</summary>
    private static async Task<(CustomerDto Customer, CaseSummary Case)> CustomerWithAClosedCaseAsync(IPage page)
    {
        var cases = await GetAsync<Paged<CaseSummary>>(page, "/api/cases?status=Closed&orphan=false&pageSize=20");
        foreach (var item in cases.Items)
        {
            var customer = await GetAsync<CustomerDto>(page, $"/api/customers/{item.CustomerId}");
            if (customer.Identities.Any(i => i.Channel == "phone")) return (customer, item);
        }
        throw new InvalidOperationException("The demo data has no closed case of a customer with a phone number.");
    }

    /// <summary>API calls with the page's own session cookie.</summary>
    private static async Task<T> GetAsync<T>(IPage page, string url) =>
        JsonSerializer.Deserialize<T>(await (await page.APIRequest.GetAsync(url)).TextAsync(), CrmClient.Json)!;

    private static async Task<T> PostAsync<T>(IPage page, string url, object body)
    {
        var response = await page.APIRequest.PostAsync(url, new()
        {
            DataString = JsonSerializer.Serialize(body, body.GetType(), CrmClient.Json),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.True(response.Ok, $"POST {url}: {response.Status} {await response.TextAsync()}");
        return JsonSerializer.Deserialize<T>(await response.TextAsync(), CrmClient.Json)!;
    }
}
