using System.Security.Cryptography;
using System.Text;

namespace Crm.ServiceInterface.Auth;

/// <summary>API keys are "crm_" + a public prefix + a secret; only a SHA-256 of the whole key is stored.</summary>
public static class ApiKeyFormat
{
    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"crm_{prefix}_{secret}", $"crm_{prefix}");
    }

    // A fast hash is right here: the key carries 256 random bits, so there is nothing to brute-force.
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
