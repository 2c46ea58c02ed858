using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using System.Security.Claims;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;
using Crm.ServiceInterface.Supervision;

namespace Crm.Web.Apis;

public static class EventsApi
{
    public const string LastEventIdHeader = "Last-Event-ID";
    public const string LastEventIdQuery = "lastEventId";
    public const string PingEvent = StreamSignals.Ping;

    /// <summary>Idle time after which a stream sends a ping, so proxies keep the connection (Crm:Events:HeartbeatSeconds).</summary>
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    // No id: a ping must never move the client's Last-Event-ID.
    private static readonly byte[] Ping = SseFrame.Signal(PingEvent);

    /// <summary>"Some queue changed: re-read your Inbox". Coalesced to one a second and carries no id, like a ping.</summary>
    public const string InboxEvent = StreamSignals.Inbox;
    private static readonly byte[] InboxNudge = SseFrame.Signal(InboxEvent);

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", Events).WithTags("Events")
            .WithSummary("Server-Sent Events for the signed-in user; resumes after the Last-Event-ID header or ?lastEventId=, " +
                "else starts at the newest event.");
        return api;
    }

    // An agent's open stream is their desktop being there: routing stops offering them chats once every stream is gone.
    private static IResult Events(HttpContext http, AgentPresence presence) =>
        Stream(http, AudiencesOf(http.User), showsInbox: true,
            http.User.IsInRole(Roles.Agent) ? ct => presence.OpenAsync(http.User.UserId(), ct) : null);

    /// <summary>Who a signed-in user hears: themselves, and supervisors' events when they are one.</summary>
    public static IReadOnlySet<string> AudiencesOf(ClaimsPrincipal user)
    {
        var audiences = new HashSet<string> { Audience.User(user.UserId()) };
        if (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin)) audiences.Add(Audience.Supervisors);
        return audiences;
    }

    /// <summary>
    /// Streams the events for <paramref name="audiences"/> as SSE, resuming after Last-Event-ID (header, else ?lastEventId=),
    /// else from the newest event; every event carries its id, a ping carries none. Reused by the web chat events endpoint.
    /// </summary>
    public static IResult Stream(HttpContext http, IReadOnlySet<string> audiences, bool showsInbox = false,
        Func<CancellationToken, Task<IAsyncDisposable>>? presence = null)
    {
        var resume = http.Request.Headers[LastEventIdHeader].ToString();
        if (string.IsNullOrWhiteSpace(resume)) resume = http.Request.Query[LastEventIdQuery].ToString();
        long? afterId = null;
        if (!string.IsNullOrWhiteSpace(resume))
        {
            if (!long.TryParse(resume, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                var message = $"{LastEventIdHeader} (or ?{LastEventIdQuery}=) must be an event id, a whole number of 0 or more.";
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [LastEventIdQuery] = [message] }, message, title: "Bad Last-Event-ID");
            }
            afterId = parsed;
        }
        return new EventStream(audiences, afterId, showsInbox, presence);
    }

    /// <summary>The SSE response: each event's frame was formatted once by the tail; this stream only copies its bytes out.</summary>
    private sealed class EventStream(IReadOnlySet<string> audiences, long? afterId, bool showsInbox,
        Func<CancellationToken, Task<IAsyncDisposable>>? presence) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var ct = http.RequestAborted;
            try { await WriteAsync(http, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { /* the client went away */ }
        }

        private async Task WriteAsync(HttpContext http, CancellationToken ct)
        {
            var log = http.RequestServices.GetRequiredService<EventLog>();
            var ticker = http.RequestServices.GetRequiredService<StreamTicker>();
            // An id from another history (a newer one than exists) would wait for ids that come much later: start at the newest instead.
            var latest = await log.LatestIdAsync(ct);
            var last = afterId is { } resume && resume <= latest ? resume : latest;

            var response = http.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache,no-store";
            response.Headers.Pragma = "no-cache";
            response.Headers.ContentEncoding = "identity";
            // nginx and friends buffer unless told not to; so would the server.
            response.Headers["X-Accel-Buffering"] = "no";
            http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var body = response.BodyWriter;

            // The first ping sends the headers at once: the client is connected from here, and nothing after `last` is missed.
            var wake = new StreamWake();
            using var listening = log.Listen(audiences, wake);
            using var ticking = ticker.Join(wake, showsInbox);
            await using var stopping = ct.Register(static w => ((StreamWake)w!).Wake(), wake);
            var beatSeen = ticker.Beats;
            var inboxSeen = ticker.InboxChanges;
            await body.WriteAsync(Ping, ct);
            await using var connected = presence is null ? null : await presence(ct);
            while (!ct.IsCancellationRequested)
            {
                var woken = wake.Arm();
                var batch = await log.ReadAsync(audiences, last, ct);
                foreach (var e in batch.Events) body.Write(e.Frame);
                last = batch.ReadTo;
                var wrote = batch.Events.Count > 0;
                if (showsInbox && ticker.InboxChanges != inboxSeen)
                {
                    inboxSeen = ticker.InboxChanges;
                    body.Write(InboxNudge);
                    wrote = true;
                }
                // A ping at every heartbeat unless this wake-up sent something: the line is never idle longer than one heartbeat.
                if (ticker.Beats != beatSeen)
                {
                    beatSeen = ticker.Beats;
                    if (!wrote) body.Write(Ping);
                    wrote = true;
                }
                if (wrote)
                {
                    var flushed = await body.FlushAsync(ct);
                    if (flushed.IsCanceled || flushed.IsCompleted) return;
                }
                if (!batch.More) await woken;
            }
        }
    }
}
