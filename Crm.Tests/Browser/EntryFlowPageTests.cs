using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>The admin's "Entry flow" page: business hours with a split shift, an entry point using them, an emergency on and off.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EntryFlowPageTests(BrowserSession browser)
{
    [Fact]
    public async Task An_admin_sets_up_hours_with_a_split_shift_an_entry_point_and_an_emergency()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var hoursName = $"Office {suffix}";
        // An address no customer writes from: the shared demo app's other tests keep routing as before.
        var number = $"+1555{suffix}";
        var page = await browser.SignInAsync("admin");
        try
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Entry flow" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Entry flow" }).WaitForAsync();
            var hours = page.GetByTestId("business-hours");

            // Monday gets a second slot that overlaps the first, and a bad time: every problem shows at once.
            await hours.GetByLabel("Name", new() { Exact = true }).FillAsync(hoursName);
            await hours.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Europe/Madrid");
            await hours.GetByRole(AriaRole.Button, new() { Name = "Add a slot" }).ClickAsync();
            var sixth = hours.Locator("[data-slot='5']");
            await sixth.GetByLabel("Day").SelectOptionAsync("monday");
            await sixth.GetByLabel("Opens").FillAsync("12:00");
            await sixth.GetByLabel("Closes").FillAsync("25:00");
            await hours.GetByRole(AriaRole.Button, new() { Name = "Add business hours" }).ClickAsync();
            var alert = hours.GetByRole(AriaRole.Alert);
            await alert.GetByText("Slot 6: write the closing time as HH:mm").WaitForAsync();
            Assert.Contains("The business hours were not saved.", await alert.InnerTextAsync());
            await BrowserSession.ScreenshotAsync(page, "entry-flow-1-slot-problems");

            // A split shift: Monday 09:00-13:00 and 15:00-18:00.
            await hours.Locator("[data-slot='0']").GetByLabel("Closes").FillAsync("13:00");
            await sixth.GetByLabel("Opens").FillAsync("15:00");
            await sixth.GetByLabel("Closes").FillAsync("18:00");
            await hours.GetByRole(AriaRole.Button, new() { Name = "Add business hours" }).ClickAsync();
            var row = hours.Locator("tbody tr").Filter(new() { HasText = hoursName });
            await row.WaitForAsync();
            Assert.Contains("Mon 09:00–13:00", await row.InnerTextAsync());
            Assert.Contains("Mon 15:00–18:00", await row.InnerTextAsync());

            // An entry point for one SMS number, using those hours; the message is required once hours are chosen.
            var entries = page.GetByTestId("entry-points");
            await entries.GetByLabel("Channel", new() { Exact = true }).SelectOptionAsync("sms");
            await entries.GetByLabel("Page, number or account").FillAsync(number);
            await entries.GetByLabel("Queue", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Billing" });
            await entries.GetByLabel("Business hours", new() { Exact = true })
                .SelectOptionAsync(new SelectOptionValue { Label = $"{hoursName} (Europe/Madrid)" });
            await entries.GetByLabel("Bot before the queue").SelectOptionAsync("builtin");
            await entries.GetByRole(AriaRole.Button, new() { Name = "Add entry point" }).ClickAsync();
            await entries.GetByText("Write the message customers get outside business hours.").WaitForAsync();
            await entries.GetByLabel("Message outside business hours").FillAsync("We are closed; we open again {opens}.");
            await entries.GetByLabel("Close after minutes of silence").FillAsync("30");
            await entries.GetByLabel("Closing message").FillAsync("No news from you, so I'm closing this chat.");
            await entries.GetByRole(AriaRole.Button, new() { Name = "Add entry point" }).ClickAsync();
            var entryRow = entries.Locator("tbody tr").Filter(new() { HasText = number });
            await entryRow.WaitForAsync();
            var cells = (await entryRow.Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
            Assert.Equal(["SMS", number, "Billing", hoursName, "Virtual assistant (FAQ)"], cells.Take(5));
            await BrowserSession.ScreenshotAsync(page, "entry-flow-2-entry-point");

            // An emergency for that entry point only, then off again.
            var emergency = page.GetByTestId("emergency");
            await emergency.GetByLabel("Applies to").SelectOptionAsync(new SelectOptionValue { Label = $"SMS · {number}" });
            await emergency.GetByLabel("Message to customers").FillAsync("Our phone lines are down.");
            await emergency.GetByLabel("Hold routing until it is off").CheckAsync();
            await emergency.GetByRole(AriaRole.Button, new() { Name = "Switch emergency on" }).ClickAsync();
            await emergency.GetByText($"On for SMS · {number}", new() { Exact = true }).WaitForAsync();
            await entryRow.GetByText("Emergency").WaitForAsync();
            await BrowserSession.ScreenshotAsync(page, "entry-flow-3-emergency-on");
            await emergency.GetByRole(AriaRole.Button, new() { Name = $"Switch off the emergency for SMS · {number}" }).ClickAsync();
            await emergency.GetByText("No emergency").WaitForAsync();

            // A queue of its own with those hours: chats entering it while it is closed wait for its opening.
            var queueName = $"Night {suffix}";
            await page.GetByRole(AriaRole.Link, new() { Name = "Queues", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "New queue" }).ClickAsync();
            await page.GetByLabel("Queue name").FillAsync(queueName);
            await page.GetByLabel("Business hours", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{hoursName} (Europe/Madrid)" });
            await page.GetByLabel("Message while the queue is closed").FillAsync("The night desk opens {opens}.");
            await BrowserSession.ScreenshotAsync(page, "entry-flow-4-queue-hours-form");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create queue" }).ClickAsync();
            var queueRow = page.Locator($"tr[data-queue='{queueName}']");
            await queueRow.GetByText($"Hours: {hoursName}").WaitForAsync();
            await BrowserSession.ScreenshotAsync(page, "entry-flow-5-queue-hours");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
