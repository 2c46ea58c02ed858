using System.Text.Json;

namespace Crm.Web.Apis;

/// <summary>A JSON body an action may go without: none (as <c>curl -X POST</c> sends) is null; anything else must be a JSON object.</summary>
internal static class OptionalBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<T?> ReadAsync<T>(HttpRequest request) where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            throw Problem.Invalid("body", "The body is not what this action takes: send a JSON object, or nothing.");
        }
    }
}
