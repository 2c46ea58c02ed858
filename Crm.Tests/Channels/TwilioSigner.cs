using System.Security.Cryptography;
using System.Text;

namespace Crm.Tests.Channels;

/// <summary>An inbound SMS as Twilio posts it, signed over the URL and the sorted form fields with the auth token (X-Twilio-Signature).</summary>
public sealed class TwilioSigner(string authToken, string publicBaseUrl = "http://localhost")
{
    public async Task<HttpResponseMessage> PostSmsAsync(HttpClient http, string messageSid, string from, string to, string body)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid, ["AccountSid"] = "AC123", ["From"] = from, ["To"] = to, ["Body"] = body, ["NumMedia"] = "0",
        };
        var signed = publicBaseUrl + "/webhooks/sms/twilio" + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sms/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await http.SendAsync(request);
    }
}
