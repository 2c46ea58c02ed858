using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Playback;
using MimeKit;
using Quartz;

namespace Crm.ServiceInterface.Mail;

/// <summary>
/// Transcripts by e-mail: a request is stored (queued) and a persistent job sends it; a failure is stored with the server's reason
/// and retried with backoff until Smtp:RetryMinutes have passed. Only the SMTP server's acceptance marks it sent.
/// </summary>
public sealed class TranscriptEmails(CrmDb db, IMailSender sender, SmtpOptions options, ISchedulerFactory schedulers, PlaybackServices playback,
    TimeProvider time)
{
    private const string Group = "mail";
    public const int MaxAddressLength = 254;

    /// <summary>Staff ask for it: agents for chats they took part in, supervisors and admins for any.</summary>
    public async Task<TranscriptEmailDto> RequestAsync(long conversationId, EmailTranscript request, long userId, bool supervisor,
        CancellationToken ct = default)
    {
        var validation = new Validation().Required(request.To, "to", "Give the address to send the transcript to.")
            .MaxLength(request.To, MaxAddressLength, "to", "An e-mail address");
        if (!string.IsNullOrWhiteSpace(request.To) && !IsAddress(request.To.Trim()))
            validation.Add("to", $"'{request.To.Trim()}' is not an e-mail address; write it like name@example.com.");
        var zone = playback.Zone(request.TimeZone, validation);
        validation.ThrowIfInvalid();
        await using (var c = await db.OpenAsync(ct))
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM conversations WHERE id = @conversationId", new { conversationId }) is null)
                throw Problem.NotFound($"There is no conversation {conversationId}.");
            if (!supervisor && await c.ExecuteScalarAsync<long?>(
                    "SELECT id FROM participations WHERE conversation_id = @conversationId AND agent_id = @userId AND accepted_at IS NOT NULL LIMIT 1",
                    new { conversationId, userId }) is null)
                throw Problem.Forbidden("Only an agent who handled this chat, or a supervisor, e-mails its transcript.");
        }
        return await QueueAsync(conversationId, request.To!.Trim(), zone!.Id, userId, ct);
    }

    /// <summary>The web chat visitor ticked "E-mail me the transcript": it goes to the address they gave when starting the chat.</summary>
    public async Task<TranscriptEmailDto> RequestForVisitorAsync(string sessionId, EmailMyTranscript request, CancellationToken ct = default)
    {
        var validation = new Validation();
        var zone = playback.Zone(request.TimeZone, validation);
        validation.ThrowIfInvalid();
        await using var c = await db.OpenAsync(ct);
        var sessions = (await c.QueryAsync<string?>("SELECT email FROM webchat_sessions WHERE id = @sessionId", new { sessionId })).ToList();
        if (sessions.Count == 0) throw Problem.NotFound("This chat session does not exist; start a new chat.");
        var email = sessions[0];
        if (string.IsNullOrWhiteSpace(email))
            throw Problem.Invalid("email", "You did not give an e-mail address when starting the chat, so there is nowhere to send the transcript.");
        var conversationId = await c.ExecuteScalarAsync<long?>(
            "SELECT MAX(id) FROM conversations WHERE channel = 'webchat' AND address = @sessionId", new { sessionId })
            ?? throw Problem.Conflict("You have not written anything yet, so there is no transcript to send.");
        return await QueueAsync(conversationId, email, zone!.Id, null, ct);
    }

    private async Task<TranscriptEmailDto> QueueAsync(long conversationId, string to, string zone, long? userId, CancellationToken ct)
    {
        var now = time.NowMs();
        var id = await db.InTransactionAsync((c, tx) => c.ExecuteScalarAsync<long>("""
            INSERT INTO transcript_emails (conversation_id, recipient, requested_by, time_zone, status, retry_until, next_attempt_at, requested_at)
            VALUES (@conversationId, @to, @userId, @zone, 'queued', @until, @now, @now) RETURNING id
            """, new { conversationId, to, userId, zone, until = now + options.RetryMinutes * 60_000L, now }, tx), ct);
        await ScheduleAsync(id, now);
        return await GetAsync(id, ct);
    }

    public async Task<TranscriptEmailDto> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await TranscriptEmailReads.OneAsync(c, id) ?? throw Problem.NotFound($"There is no transcript e-mail {id}.");
    }

    /// <summary>One attempt (the job's work): sends unless already sent, and stores what the server said.</summary>
    public async Task DeliverAsync(long id, CancellationToken ct = default)
    {
        PlaybackDetail detail;
        TranscriptEmailReads.Row row;
        await using (var c = await db.OpenAsync(ct))
        {
            row = await c.QuerySingleOrDefaultAsync<TranscriptEmailReads.Row>($"{TranscriptEmailReads.Select} WHERE id = @id", new { id })
                ?? throw Problem.NotFound($"There is no transcript e-mail {id}.");
            if (row.Status == TranscriptEmailStatus.Sent || row.NextAttemptAt is null) return;
            detail = await PlaybackServices.DetailAsync(c, row.ConversationId, withWhispers: false);
        }
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZone, out var z) ? z : time.LocalTimeZone;
        string? error = null;
        var permanent = false;
        try { await sender.SendAsync(Compose(detail, row.Recipient, zone), ct); }
        catch (MailNotSentException ex) { (error, permanent) = (ex.Message, ex.Permanent); }

        var now = time.NowMs();
        var wait = Math.Min(options.FirstRetrySeconds * (1L << Math.Min(row.Attempts, 20)), options.MaxRetrySeconds) * 1000L;
        long? next = error is null || permanent || now + wait > row.RetryUntil ? null : now + wait;
        await db.InTransactionAsync((c, tx) => c.ExecuteAsync("""
            UPDATE transcript_emails SET status = @status, attempts = attempts + 1, error = @error, next_attempt_at = @next,
                   sent_at = CASE WHEN @sent = 1 THEN @now ELSE sent_at END
            WHERE id = @id
            """, new { id, status = error is null ? TranscriptEmailStatus.Sent : TranscriptEmailStatus.Failed, error, next, now, sent = error is null ? 1 : 0 },
            tx), ct);
        if (next is { } at) await ScheduleAsync(id, at);
    }

    /// <summary>Re-arms every e-mail still to be tried whose job is gone (the process stopped between the commit and the scheduling).</summary>
    public async Task EnsureScheduledAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var pending = await c.QueryAsync<(long Id, long At)>(
            "SELECT id, next_attempt_at FROM transcript_emails WHERE status <> 'sent' AND next_attempt_at IS NOT NULL");
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var (id, at) in pending)
            if (!await scheduler.Exists(new JobKey(JobName(id), Group), ct)) await ScheduleAsync(id, at);
    }

    private MimeMessage Compose(PlaybackDetail detail, string to, TimeZoneInfo zone)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.ReplyTo.Add(MailboxAddress.Parse(options.ReplyTo ?? options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = TranscriptWriter.Subject(detail, zone);
        message.Body = new BodyBuilder
        {
            TextBody = TranscriptWriter.Text(detail, zone, TranscriptReader.Customer),
            HtmlBody = TranscriptWriter.Html(detail, zone, TranscriptReader.Customer),
        }.ToMessageBody();
        return message;
    }

    private static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text, out var address) && address.Address.Contains('@') && !address.Address.StartsWith('@') && !address.Address.EndsWith('@')
        && address.Name is null or "";

    private static string JobName(long id) => $"transcript-email-{id}";

    private async Task ScheduleAsync(long id, long at)
    {
        var scheduler = await schedulers.GetScheduler();
        var job = JobBuilder.Create<TranscriptEmailJob>().WithIdentity(JobName(id), Group).UsingJobData(TranscriptEmailJob.EmailKey, id).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(JobName(id), Group).StartAt(DateTimeOffset.FromUnixTimeMilliseconds(at))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing);
    }
}

/// <summary>Sends one transcript e-mail; one job per e-mail, so it is never sent twice at once.</summary>
[DisallowConcurrentExecution]
public sealed class TranscriptEmailJob(TranscriptEmails mails) : IJob
{
    public const string EmailKey = "emailId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await mails.DeliverAsync(context.MergedJobDataMap.GetLong(EmailKey), ct);
}
