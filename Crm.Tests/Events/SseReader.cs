namespace Crm.Tests.Events;

/// <summary>One dispatched SSE message as a browser's EventSource would see it; <see cref="Id"/> is null when the frame had no id line.</summary>
public sealed record SseMessage(string? Id, string Event, string Data);

/// <summary>
/// Reads an SSE response line by line, the way EventSource parses it (field: value, blank line dispatches, ':' comments).
/// A pending line read survives a timeout, so "nothing arrived in time" never corrupts the stream.
/// </summary>
public sealed class SseReader : IDisposable
{
    private readonly StreamReader reader;
    private Task<string?>? pendingLine;
    private string? id;
    private string? eventType;
    private readonly List<string> data = [];
    private bool hasFields;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        Response = response;
        reader = new StreamReader(body);
    }

    public HttpResponseMessage Response { get; }

    /// <summary>The Last-Event-ID a browser would now hold: only frames with an id line move it.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>Connects and returns as soon as the response headers arrive; the status is checked by the caller.</summary>
    public static async Task<SseReader> ConnectAsync(HttpClient http, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next message (pings included), or null when none is dispatched within <paramref name="timeout"/>.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            pendingLine ??= reader.ReadLineAsync();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try { await pendingLine.WaitAsync(left); }
            catch (TimeoutException) { return null; }
            var line = await pendingLine;
            pendingLine = null;
            if (line is null) throw new EndOfStreamException("The server closed the event stream.");
            if (Parse(line) is { } message) return message;
        }
    }

    /// <summary>The next real event (pings skipped, and checked to carry no id); fails the test when none comes in time.</summary>
    public async Task<SseMessage> NextEventAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var message = await NextAsync(deadline - DateTime.UtcNow)
                ?? throw new TimeoutException($"No event arrived within {timeout ?? TimeSpan.FromSeconds(5)}.");
            if (message.Event != "ping") return message;
            Assert.Null(message.Id);
        }
    }

    /// <summary>Every real event up to and including the first named <paramref name="name"/>.</summary>
    public Task<List<SseMessage>> EventsUntilAsync(string name, TimeSpan? timeout = null) => EventsUntilAsync(m => m.Event == name, timeout);

    /// <summary>Every real event up to and including the first that is <paramref name="last"/>.</summary>
    public async Task<List<SseMessage>> EventsUntilAsync(Func<SseMessage, bool> last, TimeSpan? timeout = null)
    {
        var events = new List<SseMessage>();
        while (true)
        {
            var message = await NextEventAsync(timeout);
            events.Add(message);
            if (last(message)) return events;
        }
    }

    private SseMessage? Parse(string line)
    {
        if (line.Length == 0)
        {
            if (!hasFields) return null;
            var message = new SseMessage(id, eventType ?? "message", string.Join('\n', data));
            if (id is not null) LastEventId = id;
            (id, eventType, hasFields) = (null, null, false);
            data.Clear();
            return message;
        }
        if (line[0] == ':') return null; // a comment
        var colon = line.IndexOf(':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];
        hasFields = true;
        switch (field)
        {
            case "id": id = value; break;
            case "event": eventType = value; break;
            case "data": data.Add(value); break;
        }
        return null;
    }

    public void Dispose()
    {
        reader.Dispose();
        Response.Dispose();
    }
}
