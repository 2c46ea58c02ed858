using Crm.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>
/// The Reports page over the scripted day (see <see cref="ScriptedDay"/>), on an app of its own restarted on the day's files:
/// the charts draw, a filter narrows them, and clicking a bar lists the conversations behind it with a link to playback.
/// </summary>
public sealed class ReportsPageTests : IAsyncLifetime
{
    private BrowserSession browser = null!;
    private long agent2;

    public async Task InitializeAsync()
    {
        var day = await ScriptedDay.RunAsync();
        agent2 = day.Ids["agent2"];
        var (folder, clock) = await day.ReleaseAsync();
        browser = new BrowserSession(new CrmApp(folder, demo: true, services: s => s.AddSingleton<TimeProvider>(clock)));
        await browser.InitializeAsync();
    }

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task Charts_render_a_filter_narrows_them_and_a_bar_lists_its_conversations()
    {
        var page = await browser.SignInAsync("supervisor", "/reports?from=2026-12-02&to=2026-12-02&tz=UTC&groupBy=hour");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Reports" }).WaitForAsync();
        var total = page.GetByTestId("volume-total");
        await total.Filter(new() { HasText = "5 received · 4 answered · 1 abandoned · 1 transferred" }).WaitForAsync();
        Assert.Equal("Days and hours are counted in UTC.", await page.GetByTestId("report-zone").InnerTextAsync());
        foreach (var report in new[] { "volume", "speed", "wrapup", "service-level", "agents" })
            await page.Locator($"[data-report='{report}'] canvas[data-points]:not([data-points=''])").First.WaitForAsync();
        Assert.Equal(["4", "35 s", "100 s"], await page.Locator("[data-testid=speed-table] tr[data-metric=wait] td").AllInnerTextsAsync());
        Assert.Contains("60%", await page.Locator("[data-testid=level-table] tr[data-queue=Support]").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(page, "reports-01-scripted-day");

        // Click the Abandoned bar of 09:00 (series 2, hour 9) where Chart.js drew it.
        await ClickPointAsync(page, "volume", series: 2, index: 9);
        var drill = page.GetByTestId("report-drill");
        await drill.GetByText("Conversations: abandoned, 2026-12-02 09:00").WaitForAsync();
        Assert.Equal("1", await drill.GetByTestId("drill-total").InnerTextAsync());
        Assert.Contains("Cat Cole", await drill.Locator("tbody tr").InnerTextAsync());
        Assert.Equal("/playback?from=2026-12-02T09:00:00Z&to=2026-12-02T10:00:00Z", await drill.GetByTestId("drill-playback").GetAttributeAsync("href"));
        await BrowserSession.ScreenshotAsync(page, "reports-02-abandoned-bar-clicked");

        // A wrap-up slice: "Question answered" (the largest) lists A, B and D.
        await ClickPointAsync(page, "wrapup", series: 0, index: 0);
        await page.GetByText("Conversations: wrap-up reason Question answered").WaitForAsync();
        await page.GetByTestId("report-drill").Locator("tbody tr").Nth(2).WaitForAsync(); // the rows come after the heading
        Assert.Equal(3, await page.GetByTestId("report-drill").Locator("tbody tr").CountAsync());

        // Filter by agent: agent2's chats are B, D and E.
        await page.GetByTestId("filter-agent").SelectOptionAsync(agent2.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await total.Filter(new() { HasText = "3 received · 3 answered · 0 abandoned · 1 transferred" }).WaitForAsync();
        Assert.Contains($"agent={agent2}", page.Url);
        Assert.Equal(1, await page.Locator("[data-testid=agents-table] tbody tr").CountAsync());
        await BrowserSession.ScreenshotAsync(page, "reports-03-filtered-by-agent");
        await page.Context.CloseAsync();
    }

    /// <summary>Clicks a bar, point or slice at the position the chart recorded for it, as a person's click would.</summary>
    private static async Task ClickPointAsync(IPage page, string report, int series, int index)
    {
        var canvas = page.Locator($"[data-report='{report}'] canvas").First;
        await canvas.ScrollIntoViewIfNeededAsync();
        var points = (await canvas.GetAttributeAsync("data-points"))!.Split(' ').Select(p => p.Split(':').Select(int.Parse).ToArray());
        var point = points.Single(p => p[0] == series && p[1] == index);
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + point[2], box.Y + point[3]);
    }
}
