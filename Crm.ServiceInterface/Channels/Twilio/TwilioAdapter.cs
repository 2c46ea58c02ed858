using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Crm.ServiceInterface.Channels.Twilio;

/// <summary>Twilio Programmable Messaging: the incoming-message webhook, status callbacks (MessageStatus) and the Messages API.</summary>
public sealed class TwilioAdapter(TwilioOptions options) : IChannelAdapter
{
    public string Channel => ChannelName.Sms;

    /// <summary>The Messages API's limit for Body.</summary>
    public int MaxTextLength => 1600;

    public WebhookReply Acknowledgement { get; } = new(Twiml.ContentType, Twiml.Empty);

    public bool VerifySignature(ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers, Uri requestUrl)
    {
        var signature = WebhookSignature.Header(headers, TwilioSignature.Header);
        if (string.IsNullOrEmpty(options.AuthToken) || string.IsNullOrEmpty(signature) || SignedUrl(requestUrl) is not { } url) return false;
        if (TwilioSignature.QueryValue(url, "bodySHA256") is not null)
            return TwilioSignature.IsValidJson(options.AuthToken, url, rawBody, signature);
        // Without bodySHA256 only a form post can be signed: its parameters are part of what was signed.
        if (!TwilioForm.IsForm(WebhookSignature.Header(headers, "Content-Type"))) return false;
        return TwilioSignature.IsValid(options.AuthToken, url, TwilioForm.Parse(TwilioForm.Utf8(rawBody)), signature);
    }

    /// <summary>The URL Twilio called: PublicBaseUrl + the request's path and query when configured, else the request URL as received.</summary>
    public string? SignedUrl(Uri requestUrl)
    {
        var received = requestUrl.OriginalString;
        if (string.IsNullOrEmpty(options.PublicBaseUrl)) return requestUrl.IsAbsoluteUri ? received : null;
        return options.PublicBaseUrl.TrimEnd('/') + PathAndQuery(received);
    }

    private static string PathAndQuery(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var pathStart = url.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
            url = pathStart < 0 ? "/" : url[pathStart..];
        }
        var fragment = url.IndexOf('#');
        if (fragment >= 0) url = url[..fragment];
        return url.StartsWith('/') ? url : "/" + url;
    }

    public IReadOnlyList<ChannelEvent> Parse(ReadOnlySpan<byte> rawBody, string? contentType)
    {
        if (!TwilioForm.IsForm(contentType))
            throw new ChannelPayloadException(Channel, $"messaging webhooks are form posts ({TwilioForm.ContentType}), not '{contentType}'.");
        var text = TwilioForm.Utf8(rawBody);
        if (string.IsNullOrWhiteSpace(text)) throw new ChannelPayloadException(Channel, "the body is empty.");
        if (text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('<'))
            throw new ChannelPayloadException(Channel, "the body is not a form post (it looks like JSON or XML).");

        var form = TwilioForm.Parse(text).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var sid = form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("SmsSid");
        if (string.IsNullOrEmpty(sid))
            throw new ChannelPayloadException(Channel, "MessageSid is missing: this is not a Twilio messaging webhook.");

        var status = form.GetValueOrDefault("MessageStatus") ?? form.GetValueOrDefault("SmsStatus");
        if (status is null or "received" or "receiving")
            return Inbound(form, sid) is { } inbound ? [inbound with { BusinessAddress = form.GetValueOrDefault("To") }] : [];
        return Status(form, sid, status) is { } update ? [update] : [];
    }

    private InboundText? Inbound(Dictionary<string, string> form, string sid)
    {
        var from = form.GetValueOrDefault("From");
        if (string.IsNullOrEmpty(from)) throw new ChannelPayloadException(Channel, "From is missing.");
        var body = form.GetValueOrDefault("Body");
        var mediaCount = int.TryParse(form.GetValueOrDefault("NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var kinds = Enumerable.Range(0, mediaCount).Select(i => AttachmentNote.KindOfMediaType(form.GetValueOrDefault($"MediaContentType{i}"))).ToList();
        if (kinds.Count > 0)
            return new InboundText(Channel, from, null, null, AttachmentNote.Combine(body, kinds), sid, null, IsAttachmentNote: true);
        // Twilio's messaging webhook carries no send time: the receiver's clock is the best there is.
        return string.IsNullOrEmpty(body) ? null : new InboundText(Channel, from, null, null, body, sid, null);
    }

    private StatusUpdate? Status(Dictionary<string, string> form, string sid, string status)
    {
        var mapped = status switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            "undelivered" or "failed" or "canceled" => DeliveryStatus.Failed,
            _ => null, // accepted, scheduled, queued, sending: still on its way
        };
        if (mapped is null) return null;
        var code = form.GetValueOrDefault("ErrorCode");
        var message = form.GetValueOrDefault("ErrorMessage");
        var error = (code, message) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{code} {message}",
            ({ Length: > 0 }, _) => $"Twilio error {code}",
            (_, { Length: > 0 }) => message,
            _ => mapped == DeliveryStatus.Failed ? $"Twilio reported the message as {status}." : null,
        };
        return new StatusUpdate(Channel, sid, mapped, error, null, form.GetValueOrDefault("To"));
    }

    public HttpRequestMessage BuildSend(OutboundText message)
    {
        SendRules.Check(this, message);
        var accountSid = SendRules.Required(options.AccountSid, "Channels:Twilio:AccountSid");
        var authToken = SendRules.Required(options.AuthToken, "Channels:Twilio:AuthToken");
        var from = SendRules.Required(options.FromNumber, "Channels:Twilio:FromNumber");
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", message.To),
            // A Messaging Service picks the sender itself.
            from.StartsWith("MG", StringComparison.Ordinal) ? new("MessagingServiceSid", from) : new("From", from),
            new("Body", message.Text),
        };
        if (!string.IsNullOrEmpty(options.PublicBaseUrl))
            form.Add(new("StatusCallback", options.PublicBaseUrl.TrimEnd('/') + options.WebhookPath));
        var messagesUrl = $"{SendRules.Base(options.ApiBaseUrl)}/2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json";
        var request = new HttpRequestMessage(HttpMethod.Post, messagesUrl)
        {
            Content = new StringContent(TwilioForm.Encode(form), Encoding.UTF8, TwilioForm.ContentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));
        return request;
    }

    public string? ParseSendResponse(string json) => SendRules.ReadId(Channel, json, root => root.String("sid"));
}
