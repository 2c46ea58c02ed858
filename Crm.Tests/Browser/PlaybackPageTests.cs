using System.Text.Json;
using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Crm.Tests.Browser.AgentDesktopTests;

namespace Crm.Tests.Browser;

/// <summary>
/// The supervisor's /playback in the browser: a report's drill-down link opens the filtered list, words are found and marked,
/// a chat replays at 10x from the scrubber's position, times follow the zone picked, and the transcript and list download.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PlaybackPageTests(BrowserSession browser)
{
    /// <summary>A finished Billing chat handled by agent2, its four messages two seconds apart (stored as the engine stores them).</summary>
    private async Task<(long Id, long CustomerId, string Word)> StoredChatAsync(string customer)
    {
        var word = "quokka" + Random.Shared.Next(10_000, 99_999);
        var db = browser.App.Services.GetRequiredService<CrmDb>();
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var ids = await db.InTransactionAsync(async (c, tx) =>
        {
            var customerId = await c.ExecuteScalarAsync<long>(
                "INSERT INTO customers (name, search_text, created_at, updated_at) VALUES (@customer, lower(@customer), @start, @start) RETURNING id",
                new { customer, start }, tx);
            var queueId = await c.ExecuteScalarAsync<long>("SELECT id FROM queues WHERE name = 'Billing'", transaction: tx);
            var agentId = await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE user_name = 'agent2'", transaction: tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO conversations (channel, customer_id, address, queue_id, state, waiting_since, created_at, ended_at, closed_at, last_message_at)
                VALUES ('webchat', @customerId, @address, @queueId, 'Closed', @start, @start, @ended, @ended, @ended) RETURNING id
                """, new { customerId, address = Guid.NewGuid().ToString("N"), queueId, start, ended = start + 7000 }, tx);
            var part = await c.ExecuteScalarAsync<long>("""
                INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, accepted_at, ended_at, wrapped_up_at)
                VALUES (@id, @agentId, 'route', 'Done', @offered, @accepted, @ended, @wrapped) RETURNING id
                """, new { id, agentId, offered = start + 100, accepted = start + 900, ended = start + 7000, wrapped = start + 9000 }, tx);
            await c.ExecuteAsync("INSERT INTO participation_wrapup_reasons (participation_id, reason_id) SELECT @part, MIN(id) FROM wrapup_reasons",
                new { part }, tx);
            var lines = new (string Kind, string? Name, string Text)[]
            {
                ("customer", null, $"Hello, I need a refund for order {word}"), ("agent", "Agent", "Of course, let me look at the order."),
                ("customer", null, "It was charged twice."), ("agent", "Agent", $"The refund for {word} is on its way."),
            };
            for (var i = 0; i < lines.Length; i++)
                await c.ExecuteAsync("""
                    INSERT INTO messages (conversation_id, channel, direction, author_kind, author_id, author_name, text, status, sent_at, created_at)
                    VALUES (@id, 'webchat', @direction, @kind, @author, @name, @text, 'sent', @at, @at)
                    """, new
                    {
                        id, direction = lines[i].Kind == "customer" ? "in" : "out", kind = lines[i].Kind,
                        author = lines[i].Kind == "agent" ? agentId : (long?)null, name = lines[i].Name, text = lines[i].Text, at = start + 1000 + i * 2000,
                    }, tx);
            return (id, customerId);
        });
        return (ids.id, ids.customerId, word);
    }

    [Fact]
    public async Task A_supervisor_finds_a_chat_by_its_words_replays_it_at_10x_in_a_zone_they_pick_and_downloads_it()
    {
        var name = Unique("Quinn Playback");
        var (id, customerId, word) = await StoredChatAsync(name);
        var api = await browser.ApiClientAsync("supervisor");
        var billing = (await api.GetAsync<JsonElement>("/api/queues")).EnumerateArray().First(q => q.GetProperty("name").GetString() == "Billing")
            .GetProperty("id").GetInt64();
        var agent2Row = (await api.GetAsync<JsonElement>("/api/agents")).EnumerateArray().First(a => a.GetProperty("userName").GetString() == "agent2");
        var (agent2, agent2Name) = (agent2Row.GetProperty("id").GetInt64(), agent2Row.GetProperty("displayName").GetString());
        var today = DateTime.Now.ToString("yyyy-MM-dd");
        var yesterday = DateTime.Now.AddDays(-1).ToString("yyyy-MM-dd");

        // A reports drill-down link: the page opens with those filters applied and shown in the form.
        var page = await browser.SignInAsync("supervisor", $"/playback?queue={billing}&agent={agent2}&channel=webchat&from={yesterday}&to={today}");
        await page.Locator($"tr[data-conversation='{id}']").WaitForAsync();
        // The selects fill their options after the list may have come: wait for the value, do not read it once.
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("playback-queue")).ToHaveValueAsync(billing.ToString());
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("playback-agent")).ToHaveValueAsync(agent2.ToString());

        await page.GetByTestId("playback-q").FillAsync(word.ToUpperInvariant());
        await page.GetByTestId("playback-search").ClickAsync();
        await Expect(page.GetByTestId("playback-total"), "1 conversation");
        var row = page.Locator($"tr[data-conversation='{id}']");
        // The total read "1 conversation" before the search too: wait for the search's own answer, its marks.
        await Microsoft.Playwright.Assertions.Expect(row.Locator("mark")).ToHaveTextAsync(new[] { word, word });
        Assert.Contains(name, await row.InnerTextAsync());
        Assert.Contains($"q={word.ToUpperInvariant()}", page.Url);
        await BrowserSession.ScreenshotAsync(page, "playback-1-list");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("playback-csv").ClickAsync());
        var lines = (await File.ReadAllTextAsync(await csv.PathAsync())).Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{id},{name},webchat,Billing,{agent2Name},", lines[1]);

        // Replay: from the scrubber's middle only the first messages show; at 10x the rest arrive, in order.
        await row.GetByTestId("playback-open").ClickAsync();
        await page.GetByTestId("playback-zone").WaitForAsync();
        await page.GetByTestId("playback-zone").SelectOptionAsync("Asia/Tokyo");
        await Expect(page.GetByTestId("playback-zone-note"), "Times in Asia/Tokyo");
        await page.GetByTestId("playback-scrubber").FillAsync("3500");
        var messages = page.GetByTestId("playback-timeline").Locator("li.entry-customer, li.entry-agent");
        await Expect(page.GetByTestId("playback-clock"), "0:03 / 0:09");
        Assert.Equal(2, await messages.CountAsync());
        await BrowserSession.ScreenshotAsync(page, "playback-2-replay-paused");
        await page.GetByTestId("playback-speed-10").ClickAsync();
        await page.GetByTestId("playback-play").ClickAsync();
        await Expect(page.GetByTestId("playback-clock"), "0:09 / 0:09");
        Assert.Equal(4, await messages.CountAsync());
        Assert.Contains("is on its way", await messages.Nth(3).InnerTextAsync());
        await page.GetByTestId("playback-play").WaitForAsync(); // it stopped at the end
        await BrowserSession.ScreenshotAsync(page, "playback-3-replayed-at-10x");

        var html = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-html").ClickAsync());
        var file = await File.ReadAllTextAsync(await html.PathAsync());
        Assert.Contains("Asia/Tokyo", file);
        Assert.Contains($"Hello, I need a refund for order {word}", file);
        Assert.Contains("+09:00", file);
        Assert.Equal($"conversation-{id}.html", html.SuggestedFilename);

        // Contact history leads supervisors to playback and agents to the read-only transcript.
        await page.GotoAsync($"/customers/{customerId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Contact history" }).ClickAsync();
        Assert.EndsWith($"/playback/{id}", await page.GetByTestId("conversation-link").First.GetAttributeAsync("href"));
        var agent = await browser.SignInAsync("agent6", $"/customers/{customerId}");
        await agent.GetByRole(AriaRole.Tab, new() { Name = "Contact history" }).ClickAsync();
        var link = agent.GetByTestId("conversation-link").First;
        Assert.EndsWith($"/transcripts/{id}", await link.GetAttributeAsync("href"));
        await link.ClickAsync();
        await agent.FrameLocator("iframe.transcript-frame").GetByText("It was charged twice.").WaitForAsync(new() { Timeout = 60_000 });
        Assert.EndsWith($"/transcripts/{id}", agent.Url);
        await BrowserSession.ScreenshotAsync(agent, "playback-4-agent-transcript");
    }

    [Fact]
    public async Task A_web_chat_visitor_who_gave_an_email_ticks_email_me_the_transcript_and_the_request_is_on_the_timeline()
    {
        var name = Unique("Ella Emailme");
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}@example.com";
        var customer = await WebChatCustomer.StartAsync(browser, name, "Please send me this chat afterwards", email);
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        var dialog = customer.Page.Locator("dialog.webchat-confirm");
        await dialog.GetByTestId("webchat-email-me").CheckAsync();
        await BrowserSession.ScreenshotAsync(customer.Page, "playback-5-webchat-email-me");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await customer.Page.GetByText($"The transcript is on its way to {email}.").WaitForAsync();

        await using var c = await browser.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        var id = await c.ExecuteScalarAsync<long>(
            "SELECT v.id FROM conversations v JOIN customers u ON u.id = v.customer_id WHERE u.name = @name ORDER BY v.id DESC LIMIT 1", new { name });
        var detail = await (await browser.ApiClientAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        Assert.Contains($"Transcript e-mailed to {email}", Assert.Single(detail.Entries, e => e.Kind == PlaybackEntryKind.TranscriptEmailed).Text);

        var silent = await WebChatCustomer.StartAsync(browser, Unique("Noel Nomail"), "Hello");
        await silent.Page.GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await silent.Page.Locator("dialog.webchat-confirm").GetByText("Keep chatting").WaitForAsync();
        Assert.Equal(0, await silent.Page.GetByTestId("webchat-email-me").CountAsync());
        // Ended, not left waiting: a queued chat would be offered to the next browser test's agent.
        await silent.Page.Locator("dialog.webchat-confirm").GetByRole(AriaRole.Button, new() { Name = "End chat" }).ClickAsync();
        await silent.Page.GetByTestId("webchat-subtitle").Filter(new() { HasText = "You ended the chat" }).WaitForAsync();
        await customer.CloseAsync();
        await silent.CloseAsync();
    }
}
