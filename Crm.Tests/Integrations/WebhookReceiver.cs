using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Crm.Tests.Integrations;

/// <summary>A delivery as a receiver reads it: the envelope, and whether its signature matches the body it came with.</summary>
public sealed record ReceivedEvent(string Id, string Type, long OccurredAt, JsonElement Data, bool SignatureValid, string Body)
{
    public long? ConversationId => Data.TryGetProperty("conversationId", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null;

    /// <summary>The check every integrator writes: HMAC-SHA256 of the raw body with the shared secret, compared in constant time.</summary>
    public static ReceivedEvent Read(RecordedRequest request, string secret)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Body)));
        var claimed = request.Headers.GetValueOrDefault("X-Crm-Signature-256") ?? "";
        var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claimed), Encoding.ASCII.GetBytes(expected));
        var root = JsonDocument.Parse(request.Body).RootElement;
        return new ReceivedEvent(root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!, root.GetProperty("occurredAt").GetInt64(),
            root.GetProperty("data").Clone(), valid, request.Body);
    }
}

public static class WebhookTestData
{
    public const string Secret = "whsec-test-0123456789abcdef";

    public static SaveWebhookEndpoint Endpoint(FakePlatform receiver, params string[] events) => new()
    {
        Url = receiver.BaseUrl + "/crm-events",
        Events = events.Length > 0 ? [.. events] : [.. Crm.ServiceInterface.Integrations.WebhookEventType.All],
        Secret = Secret,
    };

    public static IReadOnlyList<ReceivedEvent> Received(this FakePlatform receiver) =>
        receiver.Requests.Where(r => r.PathAndQuery == "/crm-events").Select(r => ReceivedEvent.Read(r, Secret)).ToList();
}
