using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
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
    private static readonly SseItem<string> Ping = new("{}", PingEvent);

    /// <summary>"Some queue changed: re-read your Inbox". Coalesced to one a second and carries no id, like a ping.</summary>
    public const string InboxEvent = StreamSignals.Inbox;
    private static readonly SseItem<string> InboxNudge = new("{}", InboxEvent);
    private static readonly TimeSpan InboxNudgeInterval = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", Events).WithTags("Events")
            .WithSummary("Server-Sent Events for the signed-in user; resumes after the Last-Event-ID header or ?lastEventId=, " +
                "else starts at the newest event.");
        return api;
    }

    // An agent's open stream is their desktop being there: routing stops offering them chats once every stream is gone.
    private static IResult Events(HttpContext http, EventLog log, InboxWatch inbox, AgentPresence presence) =>
        Stream(http, log, AudiencesOf(http.User), inbox, http.User.IsInRole(Roles.Agent) ? ct => presence.OpenAsync(http.User.UserId(), ct) : null);

    /// <summary>Who a signed-in user hears: themselves, and supervisors' events when they are one.</summary>
    public static IReadOnlyCollection<string> AudiencesOf(ClaimsPrincipal user)
    {
        var audiences = new List<string> { Audience.User(user.UserId()) };
        if (user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Admin)) audiences.Add(Audience.Supervisors);
        return audiences;
    }

    /// <summary>
    /// Streams the events for <paramref name="audiences"/> as SSE, resuming after Last-Event-ID (header, else ?lastEventId=),
    /// else from the newest event; every event carries its id, a ping carries none. Reused by the web chat events endpoint.
    /// </summary>
    public static IResult Stream(HttpContext http, EventLog log, IReadOnlyCollection<string> audiences, InboxWatch? inbox = null,
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
        var heartbeat = http.RequestServices.GetRequiredService<IConfiguration>()
            .GetValue("Crm:Events:HeartbeatSeconds", DefaultHeartbeat.TotalSeconds);
        // The SSE result sets Cache-Control no-cache,no-store and turns off server buffering; nginx and friends need telling too.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Items(log, audiences, afterId, TimeSpan.FromSeconds(heartbeat), inbox, presence, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Items(EventLog log, IReadOnlyCollection<string> audiences, long? afterId,
        TimeSpan heartbeat, InboxWatch? inbox, Func<CancellationToken, Task<IAsyncDisposable>>? presence, [EnumeratorCancellation] CancellationToken ct)
    {
        // An id from another history (a newer one than exists) would wait for ids that come much later: start at the newest instead.
        var latest = await log.LatestIdAsync(ct);
        var start = afterId is { } resume && resume <= latest ? resume : latest;

        // The first ping sends the headers at once: the client is connected from here, and nothing after `start` is missed.
        yield return Ping;
        await using var connected = presence is null ? null : await presence(ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = log.StreamAsync(audiences, start, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        var inboxSeen = inbox?.Version ?? 0;
        var inboxCheckedAt = Environment.TickCount64;
        var lastSentAt = Environment.TickCount64;
        try
        {
            while (true)
            {
                next ??= events.MoveNextAsync().AsTask();
                var idle = false;
                try { await next.WaitAsync(inbox is null ? heartbeat : InboxNudgeInterval, ct); }
                catch (TimeoutException) { idle = true; }
                if (inbox is not null && Environment.TickCount64 - inboxCheckedAt >= InboxNudgeInterval.TotalMilliseconds)
                {
                    inboxCheckedAt = Environment.TickCount64;
                    if (inbox.Version != inboxSeen)
                    {
                        inboxSeen = inbox.Version;
                        lastSentAt = inboxCheckedAt;
                        yield return InboxNudge;
                    }
                }
                if (idle)
                {
                    if (Environment.TickCount64 - lastSentAt < heartbeat.TotalMilliseconds) continue;
                    lastSentAt = Environment.TickCount64;
                    yield return Ping;
                    continue;
                }
                lastSentAt = Environment.TickCount64;
                if (!await next) yield break;
                next = null;
                var e = events.Current;
                yield return new SseItem<string>(e.Data, e.Name) { EventId = e.Id.ToString(CultureInfo.InvariantCulture) };
            }
        }
        finally
        {
            // The stream may still be mid-read: stop it and let it finish before disposing it.
            await stop.CancelAsync();
            if (next is not null) await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await events.DisposeAsync();
        }
    }
}
