namespace Crm.ServiceInterface.Channels;

/// <summary>
/// One social channel's webhook and send API as pure functions over bytes and options: no I/O, no HTTP server, no database.
/// The host reads the raw body, verifies, parses and acknowledges; the outbox builds the send request and reads the answer.
/// </summary>
public interface IChannelAdapter
{
    /// <summary>"messenger", "whatsapp", "sms" or "x".</summary>
    string Channel { get; }

    /// <summary>The longest text the platform accepts in one message; <see cref="BuildSend"/> refuses longer ones.</summary>
    int MaxTextLength { get; }

    /// <summary>What to answer a POST once its events are stored (Twilio wants TwiML, Meta a short text).</summary>
    WebhookReply Acknowledgement { get; }

    /// <summary>
    /// Checks the platform's signature over the exact raw body, in constant time. False when the secret is not configured,
    /// the header is missing or malformed, or the signature does not match: answer 401/403 and store nothing.
    /// </summary>
    /// <param name="headers">Request headers; names are matched case-insensitively whatever the dictionary's comparer.</param>
    /// <param name="requestUrl">The URL as received (only Twilio signs it; PublicBaseUrl replaces its scheme and host when set).</param>
    bool VerifySignature(ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers, Uri requestUrl);

    /// <summary>Every event in one verified POST, in payload order. Throws <see cref="ChannelPayloadException"/> on junk.</summary>
    IReadOnlyList<ChannelEvent> Parse(ReadOnlySpan<byte> rawBody, string? contentType);

    /// <summary>The platform's send request for one text (URL from ApiBaseUrl, credentials from options).</summary>
    HttpRequestMessage BuildSend(OutboundText message);

    /// <summary>The provider's message id from a successful send answer, null when the answer carries none.</summary>
    string? ParseSendResponse(string json);
}

/// <summary>The GET a platform sends to prove the endpoint is ours (Meta's hub.challenge, X's CRC).</summary>
public interface IWebhookHandshake
{
    /// <summary>The 200 answer to the handshake, or null when it must be refused (403).</summary>
    WebhookReply? AnswerHandshake(IReadOnlyDictionary<string, string> query);
}

/// <summary>A text to send. <paramref name="To"/> is the address as the channel knows it (the inbound <see cref="InboundText.Address"/>).</summary>
/// <param name="HumanAgentTag">Messenger only: send with the HUMAN_AGENT tag (a reply 24 h to 7 days after the customer's last message).</param>
/// <param name="Reference">The CRM's reference for this message, sent where the platform echoes it back in status webhooks (WhatsApp).</param>
public sealed record OutboundText(string To, string Text, bool HumanAgentTag = false, string? Reference = null);

/// <summary>An HTTP answer body with its content type.</summary>
public sealed record WebhookReply(string ContentType, string Body)
{
    public static WebhookReply Text(string body) => new("text/plain; charset=utf-8", body);
}

/// <summary>A webhook body that is not what the platform sends; the host answers 400 with this message.</summary>
public sealed class ChannelPayloadException(string channel, string detail)
    : ProblemException(400, "The webhook payload is not valid.", $"{channel} webhook: {detail}")
{
    public string Channel { get; } = channel;
}
