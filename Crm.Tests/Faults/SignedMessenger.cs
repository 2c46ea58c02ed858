using System.Security.Cryptography;
using System.Text;

namespace Crm.Tests.Faults;

/// <summary>Messenger "page" webhooks as Meta sends them (one text message each), signed with the app secret over the exact bytes.</summary>
public sealed class SignedMessenger(string appSecret)
{
    public const string PageId = "104000000000001";

    private readonly byte[] key = Encoding.UTF8.GetBytes(appSecret);

    /// <summary>The body of one inbound text, shaped as /work/shared/channels/messenger-inbound-text.json.</summary>
    public static byte[] Text(string psid, string mid, string text)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{PageId}}}","time":{{{now}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{PageId}}}"},"timestamp":{{{now}}},"message":{"mid":"{{{mid}}}","text":"{{{text}}}"}}]}]}
            """);
    }

    /// <summary>POSTs the body to /webhooks/messenger with X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, body).</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/messenger") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return await http.SendAsync(request, ct);
    }
}
