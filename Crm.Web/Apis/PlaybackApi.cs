using Crm.ServiceInterface.Mail;
using Crm.ServiceInterface.Playback;

namespace Crm.Web.Apis;

/// <summary>Playback of stored conversations (supervisors), transcripts (staff) and transcripts by e-mail.</summary>
public static class PlaybackApi
{
    private const string Filters = "Filter by queue, agent (ids), channel, from, to (ISO 8601 dates or instants), q (message text), " +
        "customer (id or name), wrapup (reason id); newest first, 50 a page.";

    public static RouteGroupBuilder MapPlaybackApi(this RouteGroupBuilder api)
    {
        var supervisors = api.MapGroup("/playback").WithTags("Playback").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        supervisors.MapGet("", List).WithSummary("Every conversation: customer, channel, queue, agents, start, duration, wrap-up, message count. " + Filters);
        supervisors.MapGet("/export", Export).WithSummary("The list as CSV (text/csv), one row per conversation, the list's columns. " + Filters);
        supervisors.MapGet("/{id:long}", Get).WithSummary(
            "The whole timeline: messages (customer, bot, agent, whispers marked), offers, rejects and misses, joins and leaves, transfers, " +
            "conference, wrap-up, post processing, case saved, supervisors, transcript e-mails; each with its time and offset from the start.");

        api.MapGet("/playback/{id:long}/transcript", Transcript).WithTags("Playback")
            .WithSummary("The transcript as a file: format=text|html, times in timeZone (IANA; the server's when left out). Agents read it without whispers.");
        api.MapPost("/conversations/{id:long}/email-transcript", Email).WithTags("Playback")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("E-mails the transcript to {to} (the customer, yourself, any address) through a persistent job with retries; " +
                "its status (queued, sent, failed with the server's reason) shows in the conversation's timeline.");
        api.MapGet("/conversations/{id:long}/email-transcript/{emailId:long}", EmailStatus).WithTags("Playback")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("The status of one transcript e-mail: queued, sent or failed (with the server's reason).");
        api.MapPost("/webchat/sessions/{id}/email-transcript", EmailVisitor).WithTags("Web chat").AllowAnonymous()
            .RequireRateLimiting(WebChatApi.RateLimit)
            .WithSummary("The visitor's \"E-mail me the transcript\": sent to the address they gave when starting the chat.");
        return api;
    }

    private static async Task<Ok<Paged<PlaybackRow>>> List(string? queue, string? agent, string? channel, string? from, string? to, string? q,
        string? customer, string? wrapup, string? page, PlaybackServices playback, CancellationToken ct) =>
        TypedResults.Ok(await playback.ListAsync(playback.Filter(queue, agent, channel, from, to, q, customer, wrapup, page), ct));

    private static async Task Export(string? queue, string? agent, string? channel, string? from, string? to, string? q, string? customer,
        string? wrapup, string? timeZone, PlaybackServices playback, HttpContext http)
    {
        var filter = playback.Filter(queue, agent, channel, from, to, q, customer, wrapup, null);
        playback.RequireZone(timeZone); // refused before the first byte, so the problem is an answer of its own
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"playback.csv\"";
        await playback.ExportCsvAsync(filter, timeZone, http.Response.Body, http.RequestAborted);
    }

    private static async Task<Ok<PlaybackDetail>> Get(long id, PlaybackServices playback, CancellationToken ct) =>
        TypedResults.Ok(await playback.GetAsync(id, withWhispers: true, ct));

    private static async Task<IResult> Transcript(long id, string? format, string? timeZone, PlaybackServices playback, HttpContext http)
    {
        var reader = http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin) ? TranscriptReader.Supervisor : TranscriptReader.Staff;
        var (content, type, name) = await playback.TranscriptAsync(id, format, timeZone, reader, http.RequestAborted);
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
        return Results.Text(content, type);
    }

    private static async Task<Ok<TranscriptEmailDto>> Email(long id, EmailTranscript request, TranscriptEmails mails, HttpContext http)
    {
        var supervisor = http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin);
        return TypedResults.Ok(await mails.RequestAsync(id, request, http.User.UserId(), supervisor, http.RequestAborted));
    }

    private static async Task<Ok<TranscriptEmailDto>> EmailStatus(long id, long emailId, TranscriptEmails mails, CancellationToken ct)
    {
        var email = await mails.GetAsync(emailId, ct);
        return email.ConversationId == id
            ? TypedResults.Ok(email) : throw ServiceInterface.Problem.NotFound($"There is no transcript e-mail {emailId} in conversation {id}.");
    }

    private static async Task<Ok<TranscriptEmailDto>> EmailVisitor(string id, EmailMyTranscript request, TranscriptEmails mails, CancellationToken ct) =>
        TypedResults.Ok(await mails.RequestForVisitorAsync(id, request, ct));
}
