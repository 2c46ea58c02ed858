using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// Each platform's cheapest "who am I" call, built from the settings in force, and how to read its answer:
/// Messenger <c>GET /me?access_token=</c> (Graph API, Page token), WhatsApp <c>GET /{phone-number-id}</c> (Bearer),
/// Twilio <c>GET /2010-04-01/Accounts/{AccountSid}.json</c> (Basic AccountSid:AuthToken), X <c>GET /2/users/me</c> (Bearer, user context).
/// </summary>
internal sealed class CredentialProbe
{
    private CredentialProbe(string? missing, HttpRequestMessage? request, string[] secrets, Func<JsonElement, (bool Ok, string Detail)>? describe)
    {
        Missing = missing;
        Request = request;
        Secrets = secrets;
        Describe = describe;
    }

    /// <summary>What must be set first, e.g. "the Page access token"; null when the call can be made.</summary>
    public string? Missing { get; }

    public HttpRequestMessage? Request { get; }

    /// <summary>The credential values, so that nothing said back (an echoed error) can carry them.</summary>
    public string[] Secrets { get; }

    /// <summary>Reads a 2xx answer: whether it is what the platform sends for working credentials, and whose they are.</summary>
    public Func<JsonElement, (bool Ok, string Detail)>? Describe { get; }

    /// <summary>The call as it can be shown and logged: method and URL without query string or credentials.</summary>
    public string? Display => Request is { RequestUri: { } uri } ? $"{Request.Method} {uri.GetLeftPart(UriPartial.Path)}" : null;

    public static CredentialProbe Messenger(ChannelsOptions options)
    {
        if (MissingOf(("the Page access token", options.Messenger.PageAccessToken)) is { } missing) return NotConfigured(missing);
        var token = Uri.EscapeDataString(options.Messenger.PageAccessToken!);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Base(options.Messenger.ApiBaseUrl)}/me?access_token={token}");
        return new(null, request, [options.Messenger.PageAccessToken!], json =>
            Text(json, "id") is { } id
                ? (true, $"The token belongs to the Page {Quote(Text(json, "name"))}(ID {id}).")
                : (false, "The answer has no Page ID: is the API base URL the Graph API's?"));
    }

    public static CredentialProbe WhatsApp(ChannelsOptions options)
    {
        var o = options.WhatsApp;
        var missing = MissingOf(("the access token", o.AccessToken), ("the phone number ID", o.PhoneNumberId));
        if (missing is not null) return NotConfigured(missing);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Base(o.ApiBaseUrl)}/{Uri.EscapeDataString(o.PhoneNumberId!)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);
        return new(null, request, [o.AccessToken!], json =>
            Text(json, "display_phone_number") is { } number
                ? (true, $"The token can use the number {number} {Quote(Text(json, "verified_name"))}(ID {Text(json, "id") ?? o.PhoneNumberId}).")
                : Text(json, "id") is { } id
                    ? (true, $"The token can use the phone number ID {id}.")
                    : (false, "The answer has no phone number: is the API base URL the Graph API's?"));
    }

    public static CredentialProbe Twilio(ChannelsOptions options)
    {
        var o = options.Twilio;
        var missing = MissingOf(("the Account SID", o.AccountSid), ("the Auth Token", o.AuthToken));
        if (missing is not null) return NotConfigured(missing);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Base(o.ApiBaseUrl)}/2010-04-01/Accounts/{Uri.EscapeDataString(o.AccountSid!)}.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        return new(null, request, [o.AuthToken!], json =>
        {
            if (Text(json, "sid") is null) return (false, "The answer has no Account SID: is the API base URL Twilio's?");
            var status = Text(json, "status");
            var name = Quote(Text(json, "friendly_name"));
            return status is null or "active"
                ? (true, $"The credentials belong to the account {name}({status ?? "status not given"}).")
                : (false, $"The credentials work, but the account {name}is {status}: Twilio will not send messages.");
        });
    }

    public static CredentialProbe X(ChannelsOptions options)
    {
        if (MissingOf(("the bearer token", options.X.BearerToken)) is { } missing) return NotConfigured(missing);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Base(options.X.ApiBaseUrl)}/2/users/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.X.BearerToken);
        return new(null, request, [options.X.BearerToken!], json =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty("data", out var data) && Text(data, "username") is { } user
                ? (true, $"The token acts as @{user} {Quote(Text(data, "name"))}(ID {Text(data, "id")}).")
                : (false, "The answer names no user: is the API base URL X's, and is the token a user-context token?"));
    }

    /// <summary>The platform's own words from an error answer: Meta error.message, Twilio message, X detail/title or errors[0].message.</summary>
    public static string? ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("error", out var meta) && meta.ValueKind == JsonValueKind.Object && Text(meta, "message") is { } metaMessage)
                return Text(meta, "code") is { } code ? $"{metaMessage} (code {code})" : metaMessage;
            if (Text(root, "message") is { } message)
                return Text(root, "code") is { } code ? $"{message} (code {code})" : message;
            if ((Text(root, "detail") ?? Text(root, "title")) is { } detail) return detail;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                return Text(errors[0], "message") ?? Text(errors[0], "detail");
            if (Text(root, "error") is { } plain) return plain;
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>A string or number property as text; null when absent or of another kind.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static CredentialProbe NotConfigured(string missing) => new(missing, null, [], null);

    private static string? MissingOf(params (string Label, string? Value)[] required) =>
        required.Where(r => string.IsNullOrWhiteSpace(r.Value)).Select(r => r.Label).ToList() is { Count: > 0 } labels
            ? string.Join(" and ", labels)
            : null;

    private static string Quote(string? name) => name is null ? "" : $"“{name}” ";

    private static string Base(string apiBaseUrl) => apiBaseUrl.TrimEnd('/');
}
