using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.Tests.Channels;

/// <summary>The platforms' own payloads in shared/channels: beside the repository (CI) or at /work/shared.</summary>
internal static class SharedChannelFiles
{
    public static string Folder { get; } = Locate();

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name))!;

    private static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("CRM_SHARED_DIR") is { Length: > 0 } fromEnv) candidates.Add(Path.Combine(fromEnv, "channels"));
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln")))
            {
                candidates.Add(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "channels")));
                candidates.Add(Path.Combine(dir.FullName, "shared", "channels"));
                break;
            }
        candidates.Add("/work/shared/channels");
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "signature-vectors.json")))
            ?? throw new DirectoryNotFoundException($"shared/channels with signature-vectors.json not found; looked in: {string.Join(", ", candidates)}");
    }

    /// <summary>What Meta would put in X-Hub-Signature-256 for this body.</summary>
    public static Dictionary<string, string> MetaHeaders(string appSecret, byte[] body) => new()
    {
        ["X-Hub-Signature-256"] = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)),
    };

    public static readonly Uri AnyUrl = new("https://crm.example.com/webhooks/any");
}
