using Crm.ServiceInterface.Channels;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>The pages list the server's channel catalog: a channel added there shows on each of them without a client change.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChannelCatalogPageTests(BrowserSession browser)
{
    private static readonly IReadOnlyList<ChannelInfoDto> Catalog = ChannelCatalog.ToDto().Channels;

    [Fact]
    public async Task The_channels_admin_playback_and_entry_flow_pages_show_every_channel_of_the_catalog()
    {
        var page = await browser.SignInAsync("admin", "/admin/channels");
        try
        {
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Channels" }).WaitForAsync();
            foreach (var channel in Catalog.Where(c => c.Setup is not null))
            {
                var card = page.Locator($"[data-channel='{channel.Name}']");
                await card.WaitForAsync();
                Assert.Contains(channel.Setup!.Subtitle, await card.InnerTextAsync());
                foreach (var field in channel.Setup.Fields) // a secret's name also says whether it is set; an optional one says so
                    Assert.True(await card.GetByLabel(field.Label).CountAsync() >= 1, $"{channel.Name}: {field.Label}");
            }
            Assert.Equal(Catalog.Count(c => c.Setup is not null), await page.Locator(".channel-card").CountAsync());
            await BrowserSession.ScreenshotAsync(page, "catalog-1-channels");

            await page.GotoAsync(browser.BaseUrl + "/playback");
            var playback = page.GetByTestId("playback-channel");
            await playback.Locator("option").Nth(1).WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var values = await playback.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
            var expected = Catalog.SelectMany(c => c.PrivateMessages
                ? new[] { c.Name }.Concat(c.EntryKinds.Where(k => k.Public).Select(k => k.Kind))
                : [c.Name]);
            Assert.Equal(new[] { "" }.Concat(expected), values);
            await playback.SelectOptionAsync("facebook");
            await page.GetByTestId("playback-search").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("channel=facebook"));
            await page.GetByTestId("playback-total").WaitForAsync(); // the server takes every channel the page offers
            await BrowserSession.ScreenshotAsync(page, "catalog-2-playback");

            await page.GotoAsync(browser.BaseUrl + "/admin/entry-flow");
            var kinds = page.GetByTestId("entry-points").GetByLabel("Channel", new() { Exact = true });
            await kinds.WaitForAsync();
            var labels = await kinds.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.textContent.trim())");
            Assert.Equal(Catalog.SelectMany(c => c.EntryKinds).Select(k => k.Label), labels);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
