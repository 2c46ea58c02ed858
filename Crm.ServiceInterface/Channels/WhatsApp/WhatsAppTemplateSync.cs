using System.Net.Http.Headers;
using System.Text;

namespace Crm.ServiceInterface.Channels.WhatsApp;

/// <summary>One template as the Business Management API lists it, reduced to what CrmSuite sends: text header, body, buttons.</summary>
public sealed record FetchedTemplate(string Name, string Language, string Category, string Status, string Body, string? HeaderText,
    IReadOnlyList<TemplateButtonDto> Buttons);

public sealed record FetchedTemplates(IReadOnlyList<FetchedTemplate> Templates, int Skipped);

/// <summary>
/// GET /{WABA-ID}/message_templates (developers.facebook.com/docs/whatsapp/business-management-api/message-templates), page after page by
/// paging.next. Templates whose header is an image, video or document are skipped: CrmSuite sends text parameters only.
/// </summary>
public static class WhatsAppTemplateSync
{
    public const int MaxPages = 50;

    public static async Task<FetchedTemplates> FetchAsync(HttpClient http, WhatsAppOptions options, CancellationToken ct)
    {
        var root = SendRules.Base(options.ApiBaseUrl);
        var url = $"{root}/{Uri.EscapeDataString(options.BusinessAccountId!)}/message_templates?fields=name,language,category,status,components&limit=100";
        var templates = new List<FetchedTemplate>();
        var skipped = 0;
        for (var page = 0; url is not null; page++)
        {
            if (page == MaxPages) throw Problem.Conflict($"WhatsApp listed more than {MaxPages} pages of templates; sync stopped without storing any.");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
            string body;
            try
            {
                using var response = await http.SendAsync(request, ct);
                body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw Problem.Conflict(
                        $"WhatsApp refused the template list ({(int)response.StatusCode}): {CredentialProbe.ErrorText(body) ?? "no reason given"}");
            }
            catch (HttpRequestException ex)
            {
                throw Problem.Conflict($"WhatsApp could not be reached to sync templates: {ex.Message}");
            }
            using var document = PayloadNode.ParseDocument(Encoding.UTF8.GetBytes(body), ChannelName.WhatsApp);
            var node = PayloadNode.Root(document, ChannelName.WhatsApp);
            foreach (var t in node.Items("data"))
                if (Read(t) is { } template) templates.Add(template);
                else skipped++;
            var next = node.Get("paging")?.String("next");
            // The access token goes with every page: only to the Graph API itself, never to a host a payload names.
            url = next is not null && Uri.TryCreate(next, UriKind.Absolute, out var nextUri) && SameOrigin(nextUri, new Uri(root)) ? next : null;
        }
        return new FetchedTemplates(templates, skipped);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static FetchedTemplate? Read(PayloadNode t)
    {
        var name = t.String("name");
        var language = t.String("language");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(language)) return null;
        string? body = null, header = null;
        var buttons = new List<TemplateButtonDto>();
        foreach (var component in t.Items("components"))
            switch (component.String("type")?.ToUpperInvariant())
            {
                case "BODY": body = component.String("text"); break;
                case "HEADER":
                    if (component.String("format")?.ToUpperInvariant() is not (null or "TEXT")) return null;
                    header = component.String("text");
                    break;
                case "BUTTONS":
                    foreach (var b in component.Items("buttons"))
                        if (b.String("text") is { } text)
                            buttons.Add(new TemplateButtonDto(b.String("type")?.ToUpperInvariant() ?? "QUICK_REPLY", text,
                                b.String("url"), b.String("phone_number")));
                    break;
            }
        var category = t.String("category")?.ToUpperInvariant();
        if (body is null || category is not ("MARKETING" or "UTILITY" or "AUTHENTICATION")) return null;
        return new FetchedTemplate(name, language, category, t.String("status")?.ToUpperInvariant() ?? "APPROVED", body, header, buttons);
    }
}
