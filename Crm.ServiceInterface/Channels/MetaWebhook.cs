namespace Crm.ServiceInterface.Channels;

/// <summary>What Messenger and the WhatsApp Cloud API share: both are Meta Webhooks (X-Hub-Signature-256, hub.challenge).</summary>
public static class MetaWebhook
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, raw body).</summary>
    public static bool VerifySignature(string? appSecret, ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers) =>
        !string.IsNullOrEmpty(appSecret)
        && WebhookSignature.Matches(WebhookSignature.Header(headers, SignatureHeader), "sha256=", base64: false,
            WebhookSignature.HmacSha256(appSecret, rawBody));

    /// <summary>The subscription handshake: hub.challenge when hub.mode is "subscribe" and hub.verify_token is ours, else null (403).</summary>
    public static string? Challenge(string? mode, string? verifyToken, string? challenge, string? configuredToken) =>
        mode == "subscribe" && !string.IsNullOrEmpty(challenge) && WebhookSignature.SecretEquals(verifyToken, configuredToken)
            ? challenge : null;

    public static WebhookReply? AnswerHandshake(string? configuredToken, IReadOnlyDictionary<string, string> query) =>
        Challenge(query.GetValueOrDefault("hub.mode"), query.GetValueOrDefault("hub.verify_token"), query.GetValueOrDefault("hub.challenge"), configuredToken)
            is { } challenge ? WebhookReply.Text(challenge) : null;

    /// <summary>Meta's acknowledgement; any 200 within a few seconds will do.</summary>
    public static readonly WebhookReply Received = WebhookReply.Text("EVENT_RECEIVED");
}
