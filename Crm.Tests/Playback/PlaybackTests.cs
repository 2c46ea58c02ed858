using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Crm.Tests.Routing;

namespace Crm.Tests.Playback;

/// <summary>Playback over HTTP: a chat with a reject, a whisper and a wrap-up is found by its words and plays back every step in order.</summary>
public sealed class PlaybackTests : IAsyncLifetime
{
    private RoutingTestBed bed = null!;

    public Task InitializeAsync()
    {
        bed = new RoutingTestBed();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await bed.DisposeAsync();

    /// <summary>agent1 rejects, agent2 answers and wraps up, a supervisor coaches: the chat the other tests read.</summary>
    private async Task<(long Id, long ReasonId)> HandledChatAsync(string customer = "Rita Refund", string words = "zebra42")
    {
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.CustomerWritesAsync(customer, $"I was charged twice and want a refund, order {words}");
        await bed.OfferedToAsync("agent1", id);
        (await (await bed.AgentAsync("agent1")).RawAsync(HttpMethod.Post, $"/api/conversations/{id}/reject")).EnsureSuccessStatusCode();
        await bed.ReadyAsync("agent2");
        await bed.OfferedToAsync("agent2", id);
        await bed.AcceptAsync("agent2", id);
        (await (await bed.AgentAsync("agent2")).RawAsync(HttpMethod.Post, $"/api/conversations/{id}/messages",
            new SendMessage { Text = "Sorry about that, the refund is on its way" })).EnsureSuccessStatusCode();
        var supervisor = await bed.AgentAsync("supervisor");
        (await supervisor.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/monitor")).EnsureSuccessStatusCode();
        (await supervisor.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Offer the voucher too" }))
            .EnsureSuccessStatusCode();
        await bed.ActAsync("agent2", id, "end");
        var reason = (await (await bed.AgentAsync("agent2")).GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons")).First();
        await bed.ActAsync("agent2", id, "wrapup", new WrapUpConversation { ReasonIds = [reason.Id] });
        return (id, reason.Id);
    }

    private async Task<Paged<PlaybackRow>> ListAsync(string query) =>
        await (await bed.AgentAsync("supervisor")).GetAsync<Paged<PlaybackRow>>("/api/playback?" + query);

    [Fact]
    public async Task A_common_word_counts_up_to_a_thousand_past_the_page_and_says_at_least_beyond_it()
    {
        const int chats = 1060, pageSize = 50;
        var db = bed.App.Services.GetRequiredService<Crm.ServiceInterface.Data.CrmDb>();
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        await db.InTransactionAsync(async (c, tx) =>
        {
            var queueId = await c.ExecuteScalarAsync<long>("SELECT id FROM queues WHERE name = 'Support'", transaction: tx);
            for (var i = 0; i < chats; i++)
            {
                var id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO conversations (channel, address, queue_id, state, waiting_since, created_at, ended_at, closed_at, last_message_at)
                    VALUES ('webchat', @address, @queueId, 'Closed', @at, @at, @at, @at, @at) RETURNING id
                    """, new { address = "v-common-" + i, queueId, at = start + i }, tx);
                await c.ExecuteAsync("""
                    INSERT INTO messages (conversation_id, channel, direction, author_kind, text, status, sent_at, created_at)
                    VALUES (@id, 'webchat', 'in', 'customer', 'Where is my wombat order?', 'received', @at, @at)
                    """, new { id, at = start + i }, tx);
            }
        });

        var first = await ListAsync("q=wombat");
        Assert.Equal((1000, true, pageSize), (first.Total, first.TotalIsLowerBound, first.Items.Count));
        var page20 = await ListAsync("q=wombat&page=20"); // 950 before it: counted up to 1,950, and there are 1,060
        Assert.Equal((chats, false), (page20.Total, page20.TotalIsLowerBound));
        var last = await ListAsync("q=wombat&page=22");
        Assert.Equal(chats - 21 * pageSize, last.Items.Count);
        var pastTheEnd = await ListAsync("q=wombat&page=23");
        Assert.Equal((0, chats), (pastTheEnd.Items.Count, pastTheEnd.Total)); // no row to carry the count: counted on its own
    }

    [Fact]
    public async Task Quotes_and_wildcards_in_a_search_are_matched_as_written_on_either_database()
    {
        var (_, literal) = await bed.CustomerWritesAsync("Quinn Quote", "Please apply the code \"50%_off\" to my order");
        await bed.CustomerWritesAsync("Wanda Wildcard", "Please apply the code 50xxoff to my order");
        Assert.Equal(literal, Assert.Single((await ListAsync("q=" + Uri.EscapeDataString("\"50%_off\""))).Items).Id);
        Assert.Equal(literal, Assert.Single((await ListAsync("q=" + Uri.EscapeDataString("50%_"))).Items).Id);
        Assert.Empty((await ListAsync("q=" + Uri.EscapeDataString("%%%"))).Items);
    }

    [Fact]
    public async Task A_chat_is_found_by_any_fragment_of_its_words_and_by_every_filter_the_reports_link_with()
    {
        var (id, reasonId) = await HandledChatAsync();
        var agent1 = await bed.IdOfAsync("agent1");
        var agent2 = await bed.IdOfAsync("agent2");

        var found = Assert.Single((await ListAsync("q=ZEBRA4")).Items);
        Assert.Equal(id, found.Id);
        Assert.Equal(("Rita Refund", "webchat", "Support"), (found.CustomerName, found.Channel, found.Queue));
        Assert.Equal([(await bed.StateOfAsync("agent2")).DisplayName], found.Agents);
        Assert.Contains("zebra42", Assert.Single(found.Matches).Text);
        Assert.Equal(2, found.MessageCount); // the customer's and the agent's; notices do not count
        Assert.NotEmpty(found.WrapUpReasons);
        Assert.True(found.DurationMs >= 0 && found.EndedAt is not null);

        var today = DateTime.Now.ToString("yyyy-MM-dd");
        var queue = found.QueueId;
        var drillDown = $"q=refund&agent={agent2}&queue={queue}&channel=webchat&from={today}&to={today}&wrapup={reasonId}";
        Assert.Equal(id, Assert.Single((await ListAsync(drillDown)).Items).Id);
        Assert.Empty((await ListAsync($"q=zebra42&agent={agent1}")).Items); // agent1 only rejected it: never handled it
        Assert.Empty((await ListAsync("q=zebra42&channel=sms")).Items);
        Assert.Empty((await ListAsync("q=zebra42&from=2000-01-01&to=2000-01-02")).Items);
        Assert.Equal(id, Assert.Single((await ListAsync("q=zeb&customer=rita")).Items).Id); // three letters: one trigram
        Assert.Empty((await ListAsync("q=giraffe99")).Items);
        Assert.Contains((await ListAsync("")).Items, r => r.Id == id);
    }

    [Fact]
    public async Task The_timeline_has_every_step_in_order_each_with_its_offset_from_the_start()
    {
        var (id, _) = await HandledChatAsync();
        var detail = await (await bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        var kinds = detail.Entries.Select(e => e.Kind).ToList();
        int At(PlaybackEntryKind kind, string? actor = null) =>
            detail.Entries.ToList().FindIndex(e => e.Kind == kind && (actor is null || e.Text.Contains(actor)));
        var agent1 = (await bed.StateOfAsync("agent1")).DisplayName;
        var agent2 = (await bed.StateOfAsync("agent2")).DisplayName;

        Assert.True(At(PlaybackEntryKind.CustomerMessage) < At(PlaybackEntryKind.Offered, agent1));
        Assert.True(At(PlaybackEntryKind.Offered, agent1) < At(PlaybackEntryKind.Rejected, agent1));
        Assert.True(At(PlaybackEntryKind.Rejected, agent1) < At(PlaybackEntryKind.Offered, agent2));
        Assert.True(At(PlaybackEntryKind.Offered, agent2) < At(PlaybackEntryKind.Accepted, agent2));
        Assert.True(At(PlaybackEntryKind.Accepted, agent2) < At(PlaybackEntryKind.AgentMessage));
        Assert.True(At(PlaybackEntryKind.AgentMessage) < At(PlaybackEntryKind.Supervisor));
        Assert.True(At(PlaybackEntryKind.Supervisor) < At(PlaybackEntryKind.Whisper));
        Assert.True(At(PlaybackEntryKind.Whisper) < At(PlaybackEntryKind.Left, agent2));
        Assert.True(At(PlaybackEntryKind.Left, agent2) < At(PlaybackEntryKind.WrapUp, agent2));
        Assert.Contains(PlaybackEntryKind.PostProcessing, kinds);
        Assert.Equal("Offer the voucher too", detail.Entries.Single(e => e.Kind == PlaybackEntryKind.Whisper).Text);
        Assert.All(detail.Entries, e => Assert.Equal(e.At - detail.Conversation.StartedAt, e.OffsetMs));
        Assert.Equal(detail.Entries.OrderBy(e => e.At).Select(e => e.At), detail.Entries.Select(e => e.At));
    }

    [Fact]
    public async Task A_transfer_to_a_queue_is_on_the_timeline_with_who_and_where()
    {
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        var billing = (await (await bed.AgentAsync("agent1")).GetAsync<JsonElement>("/api/queues")).EnumerateArray()
            .First(q => q.GetProperty("name").GetString() == "Billing").GetProperty("id").GetInt64();
        await bed.ActAsync("agent1", id, "transfer", new TransferConversation { QueueId = billing });
        var detail = await (await bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        var transfer = Assert.Single(detail.Entries, e => e.Kind == PlaybackEntryKind.Transferred);
        Assert.Contains("to the Billing queue", transfer.Text);
        Assert.Equal("Billing", detail.Conversation.Queue);
    }

    [Fact]
    public async Task Transcripts_are_text_or_html_in_the_zone_asked_and_agents_never_read_the_whispers()
    {
        var (id, _) = await HandledChatAsync();
        var supervisor = await bed.AgentAsync("supervisor");
        var text = await (await supervisor.RawAsync(HttpMethod.Get, $"/api/playback/{id}/transcript?format=text&timeZone=Asia/Tokyo"))
            .Content.ReadAsStringAsync();
        Assert.Contains("Customer: Rita Refund", text);
        Assert.Contains("Asia/Tokyo (UTC+09:00)", text);
        Assert.True(text.Contains("+09:00] Rita Refund: I was charged twice"), text);
        Assert.True(text.IndexOf("I was charged twice", StringComparison.Ordinal) < text.IndexOf("the refund is on its way", StringComparison.Ordinal));
        Assert.Contains("Offer the voucher too", text);

        var html = await supervisor.RawAsync(HttpMethod.Get, $"/api/playback/{id}/transcript?format=html&timeZone=America/New_York");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("<link", page);
        Assert.Contains("America/New_York", page);
        Assert.Contains("the refund is on its way", page);

        var agentCopy = await (await (await bed.AgentAsync("agent3")).RawAsync(HttpMethod.Get, $"/api/playback/{id}/transcript")).Content.ReadAsStringAsync();
        Assert.Contains("the refund is on its way", agentCopy);
        Assert.DoesNotContain("Offer the voucher too", agentCopy);
    }

    [Fact]
    public async Task The_list_downloads_as_csv_one_row_per_conversation_with_the_lists_columns()
    {
        var (id, _) = await HandledChatAsync();
        var response = await (await bed.AgentAsync("supervisor")).RawAsync(HttpMethod.Get, "/api/playback/export?q=zebra42&timeZone=Europe/Berlin");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("Conversation,Customer,Channel,Queue,Agents,Started,Ended,Duration (s),Wrap-up reasons,Transaction codes,Messages,State", lines[0]);
        Assert.StartsWith($"{id},Rita Refund,webchat,Support,", lines[1]);
        Assert.EndsWith(",2,Closed,Europe/Berlin", lines[1]);
    }

    [Fact]
    public async Task Bad_filters_are_refused_in_words_all_at_once()
    {
        var supervisor = await bed.AgentAsync("supervisor");
        var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Get, "/api/playback?from=yesterdayish&channel=fax&queue=x&page=0&q=ok");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "from", "channel", "queue", "page", "q" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var (zoneStatus, zone) = await supervisor.ProblemAsync(HttpMethod.Get, "/api/playback/1/transcript?timeZone=Mars/Olympus");
        Assert.Equal(HttpStatusCode.BadRequest, zoneStatus);
        Assert.Contains("Mars/Olympus", zone.GetProperty("errors").GetProperty("timeZone")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.ProblemAsync(HttpMethod.Get, "/api/playback/987654")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Get, "/api/playback")).Status);
    }
}
