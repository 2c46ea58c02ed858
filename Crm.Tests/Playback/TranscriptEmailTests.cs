using System.Text.Json;
using Crm.Tests.Routing;

namespace Crm.Tests.Playback;

/// <summary>Transcripts by e-mail against a real SMTP server (aiosmtpd): what arrives, an outage seen and recovered from, once.</summary>
public sealed class TranscriptEmailTests : IAsyncLifetime
{
    private readonly SmtpServer smtp = new();
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        await smtp.StartAsync();
        bed = new RoutingTestBed(settings: smtp.Settings());
        await bed.ReadyAsync("agent1");
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        smtp.Dispose();
    }

    private async Task<long> FinishedChatAsync(string? email = null)
    {
        var (session, id) = await bed.CustomerWritesAsync("Mia Mail", "First question: where is parcel 7781?", email);
        await bed.OfferedToAsync("agent1", id);
        await bed.AcceptAsync("agent1", id);
        var agent = await bed.AgentAsync("agent1");
        (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "It leaves the depot today." }))
            .EnsureSuccessStatusCode();
        await bed.CustomerSaysAsync(session, "Second question: can it come on Friday?");
        (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "Yes, Friday works." })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<TranscriptEmailDto> EmailAsync(long id, string to, string user = "agent1") =>
        await (await bed.AgentAsync(user)).PostAsync($"/api/conversations/{id}/email-transcript", new EmailTranscript { To = to, TimeZone = "Europe/Berlin" });

    private Task<TranscriptEmailDto> StatusAsync(long id, long emailId, Func<TranscriptEmailDto, bool> until, string what) =>
        Eventually.ValueAsync(async () =>
        {
            var e = await (await bed.AgentAsync("agent1")).GetAsync<TranscriptEmailDto>($"/api/conversations/{id}/email-transcript/{emailId}");
            return until(e) ? e : null;
        }, TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task The_transcript_reaches_the_server_with_every_message_in_order_and_times_in_the_zone()
    {
        var id = await FinishedChatAsync();
        var queued = await EmailAsync(id, "mia@example.com");
        Assert.Equal("queued", queued.Status);
        var sent = await StatusAsync(id, queued.Id, e => e.Status == "sent", "the e-mail sent");
        Assert.NotNull(sent.SentAt);

        var (envelope, message) = Assert.Single(smtp.Received());
        Assert.Equal("mia@example.com", envelope);
        Assert.Equal("mia@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("help@contoso.test", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("support@contoso.test", message.From.Mailboxes.Single().Address);
        Assert.StartsWith("Transcript of your chat on ", message.Subject);
        Assert.Contains($"(conversation {id})", message.Subject);
        var body = message.TextBody ?? "";
        var order = new[] { "where is parcel 7781?", "It leaves the depot today.", "can it come on Friday?", "Yes, Friday works." }
            .Select(t => body.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("Times: Europe/Berlin (UTC+01:00)", body);
        Assert.Matches(@"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+01:00\] Mia Mail: First question", body);
        Assert.Contains("Yes, Friday works.", message.HtmlBody);
        Assert.DoesNotContain("Offered to", body); // the customer reads the conversation, not the routing

        var detail = await (await bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        var logged = Assert.Single(detail.Entries, e => e.Kind == PlaybackEntryKind.TranscriptEmailed);
        Assert.Equal(("sent", "Transcript e-mailed to mia@example.com: sent"), (logged.Status, logged.Text));
    }

    [Fact]
    public async Task An_outage_shows_as_failed_with_the_reason_and_the_retry_delivers_exactly_once()
    {
        var id = await FinishedChatAsync();
        smtp.Stop();
        var queued = await EmailAsync(id, "mia@example.com");
        var failed = await StatusAsync(id, queued.Id, e => e.Status == "failed", "the failure recorded");
        Assert.Contains("could not be reached", failed.Error);
        Assert.NotNull(failed.NextAttemptAt);
        var detail = await (await bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{id}");
        Assert.Contains("failed (The mail server could not be reached", Assert.Single(detail.Entries, e => e.Kind == PlaybackEntryKind.TranscriptEmailed).Text);
        Assert.Empty(smtp.Received());

        await smtp.StartAsync();
        var sent = await StatusAsync(id, queued.Id, e => e.Status == "sent", "the retry sent");
        Assert.Null(sent.Error);
        Assert.Null(sent.NextAttemptAt); // nothing left to try: no second copy can follow
        Assert.True(sent.Attempts >= 2);
        Assert.Single(smtp.Received());
    }

    [Fact]
    public async Task A_web_chat_visitor_who_gave_an_email_gets_the_transcript_there_and_one_who_did_not_is_told_why()
    {
        var (session, id) = await bed.CustomerWritesAsync("Vera Visitor", "Can you mail me this chat?", "vera@example.com");
        using var anonymous = bed.App.CreateClient();
        var response = await anonymous.PostAsync($"/api/webchat/sessions/{session}/email-transcript",
            JsonContent(new EmailMyTranscript { TimeZone = "Europe/Berlin" }));
        response.EnsureSuccessStatusCode();
        var queued = JsonSerializer.Deserialize<TranscriptEmailDto>(await response.Content.ReadAsStringAsync(), CrmClient.Json)!;
        Assert.Equal(("vera@example.com", id), (queued.To, queued.ConversationId));
        await StatusAsync(id, queued.Id, e => e.Status == "sent", "the visitor's copy sent");
        Assert.Contains("Can you mail me this chat?", Assert.Single(smtp.Received()).Message.TextBody);

        var (silent, _) = await bed.CustomerWritesAsync("Nora Noemail", "Hello");
        var refused = await anonymous.PostAsync($"/api/webchat/sessions/{silent}/email-transcript", JsonContent(new EmailMyTranscript()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("did not give an e-mail address", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_address_is_refused_in_words_and_an_agent_outside_the_chat_may_not_send_it()
    {
        var id = await FinishedChatAsync();
        var agent = await bed.AgentAsync("agent1");
        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/email-transcript",
            new EmailTranscript { To = "not an address", TimeZone = "Nowhere/Land" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not an e-mail address", problem.GetProperty("errors").GetProperty("to")[0].GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("timeZone", out _));
        var (outsider, _) = await (await bed.AgentAsync("agent5")).ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/email-transcript",
            new EmailTranscript { To = "x@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, outsider);
        var sent = await EmailAsync(id, "boss@example.com", user: "supervisor"); // a supervisor may, for any chat
        await StatusAsync(id, sent.Id, e => e.Status == "sent", "the supervisor's copy sent");
        Assert.Equal("boss@example.com", Assert.Single(smtp.Received()).EnvelopeTo);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, CrmClient.Json), System.Text.Encoding.UTF8, "application/json");
}
