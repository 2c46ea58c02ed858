using System.Security.Cryptography;
using System.Text;

namespace Crm.ServiceInterface.Channels;

/// <summary>HMAC checks shared by the adapters: decode what the header claims, recompute, compare in constant time.</summary>
public static class WebhookSignature
{
    /// <summary>A header's value whatever the case of its name (the host's dictionary may be case-sensitive).</summary>
    public static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var exact)) return exact;
        foreach (var (key, value) in headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>HMAC-SHA256 of the raw body with a UTF-8 secret.</summary>
    public static byte[] HmacSha256(string secret, ReadOnlySpan<byte> message) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);

    /// <summary>True when <paramref name="claimed"/> is "{prefix}&lt;hex or base64&gt;" of exactly <paramref name="expected"/>.</summary>
    public static bool Matches(string? claimed, string prefix, bool base64, ReadOnlySpan<byte> expected)
    {
        if (claimed is null || !claimed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var encoded = claimed.AsSpan(prefix.Length).Trim();
        var decoded = base64 ? FromBase64(encoded) : FromHex(encoded);
        return decoded is not null && CryptographicOperations.FixedTimeEquals(decoded, expected);
    }

    /// <summary>Constant-time equality of two configured/received strings (verify tokens).</summary>
    public static bool SecretEquals(string? received, string? configured) =>
        !string.IsNullOrEmpty(received) && !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(received), Encoding.UTF8.GetBytes(configured));

    private static byte[]? FromHex(ReadOnlySpan<char> hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0) return null;
        var bytes = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length ? bytes : null;
    }

    internal static byte[]? FromBase64(ReadOnlySpan<char> text)
    {
        var bytes = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64Chars(text, bytes, out var written) ? bytes[..written] : null;
    }
}
