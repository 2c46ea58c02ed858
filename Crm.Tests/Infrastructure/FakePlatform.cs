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
/// (by default 200 with a JSON message id in each platform's shape).
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private readonly WebApplication app;
    private int sent;

    private FakePlatform(WebApplication app) => this.app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public string BaseUrl { get; private set; } = "";

    /// <summary>How to answer a request; null means the default success answer.</summary>
    public Func<RecordedRequest, (int Status, string Body)?> Respond { get; set; } = _ => null;

    public static async Task<FakePlatform> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new FakePlatform(builder.Build());
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var request = new RecordedRequest(http.Request.Method, http.Request.Path + http.Request.QueryString,
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync());
        Requests.Enqueue(request);
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

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
