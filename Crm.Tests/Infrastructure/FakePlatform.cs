using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Infrastructure;

/// <summary>One request a fake platform received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Meta, Twilio or X as a local HTTP server on a loopback port: records every request and answers what the test says
/// (by default 200 with a JSON message id in each platform's shape). For outage drills it can hang before answering, or go down
/// (connections refused) and come back on the same port.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private WebApplication? app;
    private int sent, port;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public string BaseUrl { get; private set; } = "";

    /// <summary>How to answer a request; null means the default success answer.</summary>
    public Func<RecordedRequest, (int Status, string Body)?> Respond { get; set; } = _ => null;

    /// <summary>How long to hang (after recording, before answering) a request; zero answers at once. The answer still comes after.</summary>
    public Func<RecordedRequest, TimeSpan> Hang { get; set; } = _ => TimeSpan.Zero;

    public static async Task<FakePlatform> StartAsync()
    {
        var fake = new FakePlatform();
        await fake.ComeBackAsync();
        return fake;
    }

    /// <summary>The platform goes away: its port refuses connections until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        if (app is null) return;
        await app.DisposeAsync();
        app = null;
    }

    /// <summary>Listens again, on the same port once it had one, with the same recorded requests.</summary>
    public async Task ComeBackAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var next = builder.Build();
        next.Run(HandleAsync);
        await next.StartAsync();
        BaseUrl = next.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        port = new Uri(BaseUrl).Port;
        app = next;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var request = new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync());
        Requests.Enqueue(request);
        if (Hang(request) is { } hang && hang > TimeSpan.Zero) await Task.Delay(hang, CancellationToken.None); // the platform took it, slowly
        var (status, body) = Respond(request) ?? (200, DefaultAnswer(request, Interlocked.Increment(ref sent)));
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body);
    }

    private static string DefaultAnswer(RecordedRequest request, int n) => request.PathAndQuery switch
    {
        var p when p.Contains("/messages") && p.Contains("dm_conversations") => $$$"""{"data":{"dm_conversation_id":"1-2","dm_event_id":"dm{{{n}}}"}}""",
        var p when p.EndsWith("/Messages.json") => $$"""{"sid":"SM{{n:D32}}","status":"queued"}""",
        var p when p.Contains("/me/messages") => $$"""{"recipient_id":"1","message_id":"m_fake_{{n}}"}""",
        _ => $$$"""{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.fake{{{n}}}"}]}""",
    };

    public async ValueTask DisposeAsync() => await GoDownAsync();
}
