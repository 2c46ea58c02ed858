using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.ServiceInterface.Channels.WhatsApp;

/// <summary>A template message as stored on the outbound message (messages.template): what the Cloud API send is built from.</summary>
public sealed record TemplateSend(string Name, string Language, IReadOnlyList<string> Parameters, IReadOnlyList<string> HeaderParameters)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TemplateSend? FromJson(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<TemplateSend>(json, Json);
}

/// <summary>
/// The Cloud API's template send (POST /{phone-number-id}/messages, type "template"): name, language.code and one component per part
/// with parameters, body and header as text parameters in placeholder order, as developers.facebook.com documents
/// (cloud-api/guides/send-message-templates). A template may go out at any time: it is how a business writes after the 24-hour window.
/// </summary>
public static class WhatsAppTemplateSend
{
    public static HttpRequestMessage Build(WhatsAppOptions options, string to, TemplateSend template, string? reference)
    {
        if (string.IsNullOrWhiteSpace(to)) throw new ArgumentException("A message needs a recipient address.", nameof(to));
        var token = SendRules.Required(options.AccessToken, "Channels:WhatsApp:AccessToken");
        var phoneNumberId = SendRules.Required(options.PhoneNumberId, "Channels:WhatsApp:PhoneNumberId");
        var components = new JsonArray();
        if (template.HeaderParameters.Count > 0) components.Add(Component("header", template.HeaderParameters));
        if (template.Parameters.Count > 0) components.Add(Component("body", template.Parameters));
        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to.All(char.IsAsciiDigit) ? "+" + to : to,
            ["type"] = "template",
            ["template"] = new JsonObject
            {
                ["name"] = template.Name,
                ["language"] = new JsonObject { ["code"] = template.Language },
                ["components"] = components,
            },
        };
        if (reference is not null) body["biz_opaque_callback_data"] = reference;
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SendRules.Base(options.ApiBaseUrl)}/{Uri.EscapeDataString(phoneNumberId)}/messages")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static JsonObject Component(string type, IEnumerable<string> values) => new()
    {
        ["type"] = type,
        ["parameters"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = v }).ToArray()),
    };
}
