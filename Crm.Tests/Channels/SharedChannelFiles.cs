using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.Tests.Channels;

/// <summary>The platforms' own payloads, copied into Channels/Payloads (see its README) and from there to the test output.</summary>
internal static class SharedChannelFiles
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Channels", "Payloads");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name))!;

    /// <summary>What Meta would put in X-Hub-Signature-256 for this body.</summary>
    public static Dictionary<string, string> MetaHeaders(string appSecret, byte[] body) => new()
    {
        ["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)),
    };

    public static readonly Uri AnyUrl = new("https://crm.example.com/webhooks/any");
}
