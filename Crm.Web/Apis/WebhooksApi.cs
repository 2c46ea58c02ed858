using Crm.ServiceInterface.Channels;
using Microsoft.AspNetCore.Http.Extensions;

namespace Crm.Web.Apis;

/// <summary>Where Meta, Twilio and X deliver: no sign-in, the platform's signature on the raw body is the proof.</summary>
public static class WebhooksApi
{
    private const int MaxBody = 1024 * 1024;

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous();
        foreach (var channel in new[] { ChannelName.Messenger, ChannelName.WhatsApp, ChannelName.X })
        {
            hooks.MapGet($"/{channel}", (HttpContext http, ChannelRegistry channels) => Handshake(channel, http, channels))
                .WithSummary($"The {channel} verification handshake (Meta hub.challenge, X CRC).");
            hooks.MapPost($"/{channel}", (HttpContext http, ChannelInbox inbox) => Receive(channel, http, inbox))
                .WithSummary($"{channel} events: stored durably, then acknowledged; routing follows.");
        }
        hooks.MapPost("/sms/twilio", (HttpContext http, ChannelInbox inbox) => Receive(ChannelName.Sms, http, inbox))
            .WithSummary("Twilio SMS (and status callbacks): answered with empty TwiML once stored.");
        return app;
    }

    private static IResult Handshake(string channel, HttpContext http, ChannelRegistry channels) =>
        channels.Get(channel) is IWebhookHandshake handshake
        && handshake.AnswerHandshake(http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())) is { } reply
            ? TypedResults.Content(reply.Body, reply.ContentType)
            : TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: $"The {channel} verification token or challenge does not match.");

    private static async Task<IResult> Receive(string channel, HttpContext http, ChannelInbox inbox)
    {
        if (http.Request.ContentLength > MaxBody)
            return TypedResults.Problem(statusCode: 413, title: "Payload too large", detail: $"A webhook body is at most {MaxBody} bytes.");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted); // the raw bytes: the signature is over exactly these
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var reply = await inbox.ReceiveAsync(
            channel, buffer.ToArray(), headers, new Uri(http.Request.GetEncodedUrl()), http.Request.ContentType, http.RequestAborted);
        return TypedResults.Content(reply.Body, reply.ContentType);
    }
}
