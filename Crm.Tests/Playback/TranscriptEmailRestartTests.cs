using Crm.Tests.Routing;

namespace Crm.Tests.Playback;

/// <summary>A transcript e-mail acknowledged as queued is never lost: a restart while the SMTP server is down still delivers it, once.</summary>
public sealed class TranscriptEmailRestartTests
{
    [Fact]
    public async Task An_email_queued_during_an_outage_is_sent_once_by_the_next_process_after_a_restart()
    {
        using var smtp = new SmtpServer();
        var folder = new TestFolder();
        smtp.Stop();
        var first = new RoutingTestBed(folder, settings: smtp.Settings());
        await first.ReadyAsync("agent1");
        var (_, id) = await first.CustomerWritesAsync("Rhea Restart", "Will this mail survive a restart?");
        await first.OfferedToAsync("agent1", id);
        await first.AcceptAsync("agent1", id);
        var queued = await (await first.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/email-transcript",
            new EmailTranscript { To = "rhea@example.com" });
        await Eventually.TrueAsync(async () => (await Status(first, id, queued.Id)).Status == "failed", TimeSpan.FromSeconds(30), "the failure recorded");
        await first.App.DisposeAsync(); // the process stops; the folder (both databases) stays

        await smtp.StartAsync();
        await using var second = new RoutingTestBed(folder, settings: smtp.Settings());
        await Eventually.TrueAsync(async () => (await Status(second, id, queued.Id)).Status == "sent", TimeSpan.FromSeconds(30), "sent after the restart");
        var (envelope, message) = Assert.Single(smtp.Received());
        Assert.Equal("rhea@example.com", envelope);
        Assert.Contains("Will this mail survive a restart?", message.TextBody);
    }

    private static async Task<TranscriptEmailDto> Status(RoutingTestBed bed, long id, long emailId) =>
        await (await bed.AgentAsync("supervisor")).GetAsync<TranscriptEmailDto>($"/api/conversations/{id}/email-transcript/{emailId}");
}
