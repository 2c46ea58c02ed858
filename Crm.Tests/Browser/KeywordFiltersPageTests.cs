using System.Text.Json;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class KeywordFiltersPageTests(BrowserSession browser)
{
    [Fact]
    public async Task An_admin_adds_an_ignore_filter_and_an_automatic_reply_then_deletes_one()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ignored = $"giveaway-{suffix}";
        var answered = $"opening hours {suffix}";
        const string reply = "We're open 8:00-20:00, Monday to Friday.";

        var page = await browser.SignInAsync("admin");
        try
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Channels" }).WaitForAsync();
            var section = page.GetByRole(AriaRole.Region, new() { Name = "Public posts: keyword filters" });
            await section.WaitForAsync();
            Assert.Contains("Automatic replies are retried", await section.InnerTextAsync());
            var keyword = section.GetByLabel("Keyword", new() { Exact = true });
            var action = section.GetByLabel("Action", new() { Exact = true });
            var replyText = section.GetByLabel("Reply text", new() { Exact = true });
            var add = section.GetByRole(AriaRole.Button, new() { Name = "Add filter", Exact = true });
            Assert.Equal(0, await replyText.CountAsync()); // only asked for an automatic reply
            await BrowserSession.ScreenshotAsync(page, "keyword-filters-1-section");

            // An "ignore" filter.
            await keyword.FillAsync(ignored);
            await action.SelectOptionAsync(new SelectOptionValue { Label = "Ignore" });
            await section.GetByLabel("Order", new() { Exact = true }).FillAsync("5");
            await add.ClickAsync();
            var ignoredRow = section.Locator("tbody tr").Filter(new() { HasText = ignored });
            await ignoredRow.WaitForAsync();
            await section.GetByText($"Filter “{ignored}” added").WaitForAsync();
            Assert.Equal("", await keyword.InputValueAsync());

            // An automatic reply without its text: the server's message, next to the field; nothing is added.
            await keyword.FillAsync(answered);
            await action.SelectOptionAsync(new SelectOptionValue { Label = "Reply automatically" });
            await replyText.WaitForAsync();
            Assert.Null(await replyText.GetAttributeAsync("maxlength")); // a limit is stated and refused in words, never cut
            await add.ClickAsync();
            await section.Locator("textarea[aria-invalid=true]").WaitForAsync();
            var errorId = (await replyText.GetAttributeAsync("aria-describedby"))!.Split(' ').Last();
            Assert.Equal("An automatic reply needs its text.", (await page.Locator($"[id='{errorId}']").InnerTextAsync()).Trim());
            Assert.Contains("Correct the fields marked below", await section.GetByRole(AriaRole.Alert).InnerTextAsync());
            Assert.Equal(0, await section.Locator("tbody tr").Filter(new() { HasText = answered }).CountAsync());
            await BrowserSession.ScreenshotAsync(page, "keyword-filters-2-reply-missing");

            await replyText.FillAsync(reply);
            Assert.Contains($"{reply.Length}/280", await section.GetByText("/280").InnerTextAsync());
            await add.ClickAsync();
            var answeredRow = section.Locator("tbody tr").Filter(new() { HasText = answered });
            await answeredRow.WaitForAsync();
            Assert.Equal(0, await section.Locator("[aria-invalid=true]").CountAsync());

            // Both in the table, in the order they are applied, with their actions in words.
            var ignoredCells = await ignoredRow.Locator("td").AllInnerTextsAsync();
            Assert.Equal(["5", ignored, "Ignore"], ignoredCells.Take(3).Select(c => c.Trim()));
            var answeredCells = await answeredRow.Locator("td").AllInnerTextsAsync();
            Assert.Equal(answered, answeredCells[1].Trim());
            Assert.Equal("Reply automatically", answeredCells[2].Trim());
            Assert.Equal(reply, answeredCells[3].Trim());
            Assert.Equal("X, Facebook", answeredCells[4].Trim()); // every public channel unless the admin chooses
            var keywords = (await section.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(k => k.Trim()).ToList();
            Assert.True(keywords.IndexOf(ignored) < keywords.IndexOf(answered), "order 5 comes before the next order");
            await BrowserSession.ScreenshotAsync(page, "keyword-filters-3-both");

            // Deleting one: gone from the table, the other stays.
            await section.GetByRole(AriaRole.Button, new() { Name = $"Delete filter “{ignored}”" }).ClickAsync();
            await section.GetByText($"Filter “{ignored}” deleted.").WaitForAsync();
            Assert.Equal(0, await ignoredRow.CountAsync());
            Assert.Equal(1, await answeredRow.CountAsync());
            Assert.DoesNotContain(ignored, await FilterKeywordsAsync(page));
            Assert.Contains(answered, await FilterKeywordsAsync(page));
            await BrowserSession.ScreenshotAsync(page, "keyword-filters-4-deleted");

            await page.SetViewportSizeAsync(390, 844);
            await section.ScrollIntoViewIfNeededAsync();
            await BrowserSession.ScreenshotAsync(page, "keyword-filters-5-phone");
        }
        finally
        {
            // The browser tests share one app: remove what this test added.
            foreach (var (id, text) in await FiltersAsync(page))
                if (text == ignored || text == answered)
                    await page.APIRequest.DeleteAsync($"/api/admin/keyword-filters/{id}");
        }
    }

    private static async Task<List<(long Id, string Keyword)>> FiltersAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/admin/keyword-filters");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.EnumerateArray().Select(f => (f.GetProperty("id").GetInt64(), f.GetProperty("keyword").GetString()!)).ToList();
    }

    private static async Task<List<string>> FilterKeywordsAsync(IPage page) => (await FiltersAsync(page)).Select(f => f.Keyword).ToList();
}
