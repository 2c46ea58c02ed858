using System.Security.Cryptography;
using System.Text;

namespace Crm.ServiceInterface.Channels.Twilio;

/// <summary>
/// X-Twilio-Signature, exactly as Twilio's own validators check it (twilio-csharp, twilio-python): base64 HMAC-SHA1 with the
/// auth token over the full URL followed by every POST parameter, keys sorted ordinally, each key followed by its value
/// (a repeated key: its distinct values sorted). The URL is tried as written and with its port toggled (":443"/":80" added when
/// absent, any port removed when present) since Twilio's back end signs either. Scheme, host and credentials keep their case.
/// JSON-bodied webhooks instead carry bodySHA256 (lowercase hex SHA-256 of the body) in the signed URL and no parameters.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters) =>
        Convert.ToBase64String(Hmac(authToken, url, parameters));

    /// <summary>A form-posted webhook: the signature over the URL and its parameters.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || WebhookSignature.FromBase64((signature ?? "").AsSpan().Trim()) is not { } claimed) return false;
        var materialized = parameters.ToList();
        var valid = false;
        foreach (var candidate in UrlVariants(url))
            valid |= CryptographicOperations.FixedTimeEquals(Hmac(authToken, candidate, materialized), claimed);
        return valid;
    }

    /// <summary>A JSON-bodied webhook: the signature over the URL (which carries bodySHA256) and that hash over the body.</summary>
    public static bool IsValidJson(string authToken, string url, ReadOnlySpan<byte> body, string? signature)
    {
        var claimedHash = QueryValue(url, "bodySHA256");
        if (claimedHash is null) return false;
        var bodyMatches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(BodySha256(body)), Encoding.ASCII.GetBytes(claimedHash.ToLowerInvariant()));
        return IsValid(authToken, url, [], signature) & bodyMatches;
    }

    /// <summary>Lowercase hex SHA-256 of the raw body, as bodySHA256 carries it.</summary>
    public static string BodySha256(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The decoded value of a query parameter of <paramref name="url"/>, or null.</summary>
    public static string? QueryValue(string url, string name)
    {
        var q = url.IndexOf('?');
        if (q < 0) return null;
        var query = url[(q + 1)..];
        var hash = query.IndexOf('#');
        if (hash >= 0) query = query[..hash];
        return TwilioForm.Parse(query).Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault();
    }

    private static byte[] Hmac(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var group in parameters.GroupBy(p => p.Key).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var value in group.Select(p => p.Value).Distinct().Order(StringComparer.Ordinal))
                data.Append(group.Key).Append(value);
        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
    }

    /// <summary>The URL without its port and with its default port (or as written when it has a custom one).</summary>
    public static IReadOnlyList<string> UrlVariants(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return [url];
        var scheme = url[..schemeEnd];
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        var rest = url[authorityEnd..];

        var at = authority.LastIndexOf('@');
        var userInfo = at >= 0 ? authority[..(at + 1)] : "";
        var hostPort = authority[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        var hasPort = colon >= 0 && colon > hostPort.LastIndexOf(']'); // not a colon inside an IPv6 literal
        var host = hasPort ? hostPort[..colon] : hostPort;

        var withoutPort = $"{scheme}://{userInfo}{host}{rest}";
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        var withPort = hasPort ? url : $"{scheme}://{userInfo}{host}:{defaultPort}{rest}";
        return withoutPort == withPort ? [withoutPort] : [withoutPort, withPort];
    }
}
