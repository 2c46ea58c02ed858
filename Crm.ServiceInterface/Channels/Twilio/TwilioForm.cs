using System.Text;

namespace Crm.ServiceInterface.Channels.Twilio;

/// <summary>application/x-www-form-urlencoded as Twilio posts and expects it; keys may repeat.</summary>
public static class TwilioForm
{
    public const string ContentType = "application/x-www-form-urlencoded";

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            pairs.Add(new(Decode(eq < 0 ? part : part[..eq]), eq < 0 ? "" : Decode(part[(eq + 1)..])));
        }
        return pairs;
    }

    /// <summary>Percent-encoding of everything but RFC 3986 unreserved characters, spaces as '+' (what Twilio's SDKs send).</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(p => $"{Escape(p.Key)}={Escape(p.Value)}"));

    private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    public static bool IsForm(string? contentType) =>
        contentType is null || contentType.Split(';')[0].Trim().Equals(ContentType, StringComparison.OrdinalIgnoreCase);

    internal static string Utf8(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);
}

/// <summary>TwiML answers to Twilio's messaging webhook.</summary>
public static class Twiml
{
    public const string ContentType = "text/xml";

    /// <summary>"Received, nothing to send back": agents answer later through the API, not in the webhook's reply.</summary>
    public const string Empty = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Response></Response>";
}
