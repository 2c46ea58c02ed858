using System.Security.Cryptography;
using System.Text;

namespace Crm.Tests.Faults;

/// <summary>
/// Meta webhooks (Messenger, WhatsApp) signed with the app secret over the exact bytes; Messenger texts built as fast as the bench sends them.
/// </summary>
public sealed class MetaSigner(string appSecret)
{
    public const string PageId = "104000000000001";

    private readonly byte[] key = Encoding.UTF8.GetBytes(appSecret);

    /// <summary>The body of one inbound text, shaped as Crm.Tests/Channels/Payloads/messenger-inbound-text.json.</summary>
    public static byte[] Text(string psid, string mid, string text)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{now}}},"messaging":[{{{Messaging(psid, mid, text, now)}}}]}]}
            """);
    }

    // One messaging event: the sender's page-scoped id, the page, and the text.
    private static string Messaging(string psid, string mid, string text, long now) =>
        $$$"""
        {"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{now}}},"message":{"mid":"{{{mid}}}","text":"{{{text}}}"}}
        """;

    /// <summary>POSTs the body (to /webhooks/messenger unless told) with X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, body).</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, CancellationToken ct = default) =>
        PostAsync(http, "/webhooks/messenger", body, ct);

    public Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body) => PostAsync(http, path, Encoding.UTF8.GetBytes(body));

    public async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return await http.SendAsync(request, ct);
    }
}
