using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Crm.ServiceInterface.Channels.WhatsApp;

/// <summary>WhatsApp Cloud API webhooks (object "whatsapp_business_account", field "messages": messages, contacts, statuses) and sending.</summary>
public sealed class WhatsAppAdapter(WhatsAppOptions options) : IChannelAdapter, IWebhookHandshake
{
    public string Channel => ChannelName.WhatsApp;

    /// <summary>The Cloud API's limit for text.body.</summary>
    public int MaxTextLength => 4096;

    public WebhookReply Acknowledgement => MetaWebhook.Received;

    public bool VerifySignature(ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers, Uri requestUrl) =>
        MetaWebhook.VerifySignature(options.AppSecret, rawBody, headers);

    public WebhookReply? AnswerHandshake(IReadOnlyDictionary<string, string> query) => MetaWebhook.AnswerHandshake(options.VerifyToken, query);

    // Message types that are not text: shown as a note (with their caption, when they have one).
    private static readonly HashSet<string> Captioned = ["image", "video", "document"];

    // Not messages at all: a reaction to an earlier message, a "customer changed number" notice.
    private static readonly HashSet<string> Ignored = ["reaction", "system", "ephemeral"];

    public IReadOnlyList<ChannelEvent> Parse(ReadOnlySpan<byte> rawBody, string? contentType)
    {
        using var document = PayloadNode.ParseDocument(rawBody, Channel);
        var root = PayloadNode.Root(document, Channel);
        if (root.String("object") is var kind && kind != "whatsapp_business_account")
            throw root.Error($"'object' is '{kind}', expected 'whatsapp_business_account' (is this a Messenger webhook sent to the WhatsApp endpoint?).");

        var events = new List<ChannelEvent>();
        foreach (var entry in root.Items("entry", required: true))
            foreach (var change in entry.Items("changes"))
            {
                if (change.String("field") != "messages") continue; // template, quality and account updates
                var value = change.Object("value");
                var phoneNumberId = value.Get("metadata")?.String("phone_number_id");
                if (!string.IsNullOrEmpty(options.PhoneNumberId) && phoneNumberId is not null && phoneNumberId != options.PhoneNumberId)
                    continue; // another number of the same business account
                var names = value.Items("contacts")
                    .Select(c => (WaId: c.String("wa_id"), Name: c.Get("profile")?.String("name")))
                    .Where(c => c.WaId is not null)
                    .GroupBy(c => c.WaId!)
                    .ToDictionary(g => g.Key, g => g.First().Name);
                foreach (var message in value.Items("messages"))
                    if (Message(message, names) is { } inbound) events.Add(inbound with { BusinessAddress = phoneNumberId });
                foreach (var status in value.Items("statuses"))
                    if (Status(status) is { } update) events.Add(update);
            }
        return events;
    }

    private InboundText? Message(PayloadNode m, IReadOnlyDictionary<string, string?> names)
    {
        var from = m.RequiredString("from");
        var id = m.RequiredString("id");
        var type = m.RequiredString("type");
        if (Ignored.Contains(type)) return null;
        var timestamp = m.Long("timestamp") * 1000;
        var name = names.GetValueOrDefault(from);

        var text = type switch
        {
            "text" => m.Object("text").RequiredString("body"),
            "button" => m.Object("button").String("text"),
            "interactive" => ReplyTitle(m.Object("interactive")),
            _ => null,
        };
        if (text is not null) return new InboundText(Channel, from, name, null, text, id, timestamp);

        var caption = Captioned.Contains(type) ? m.Get(type)?.String("caption") : null;
        return new InboundText(Channel, from, name, null, AttachmentNote.Combine(caption, [type]), id, timestamp, IsAttachmentNote: true);
    }

    /// <summary>The title of the reply button or list row the customer tapped.</summary>
    private static string? ReplyTitle(PayloadNode interactive) =>
        (interactive.Get("button_reply") ?? interactive.Get("list_reply"))?.String("title");

    private StatusUpdate? Status(PayloadNode s)
    {
        var status = s.RequiredString("status") switch
        {
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            "failed" => DeliveryStatus.Failed,
            _ => null, // "deleted", "warning", "played": nothing the outbox tracks
        };
        if (status is null) return null;
        var errors = s.Items("errors").Select(Describe).ToList();
        var error = errors.Count > 0 ? string.Join("; ", errors) : status == DeliveryStatus.Failed ? "WhatsApp reported the message as failed." : null;
        return new StatusUpdate(Channel, s.RequiredString("id"), status, error, s.Long("timestamp") * 1000, s.String("recipient_id"),
            Reference: s.String("biz_opaque_callback_data"));
    }

    /// <summary>"131047 Re-engagement message: Message failed to send because more than 24 hours have passed ..."</summary>
    private static string Describe(PayloadNode e)
    {
        var head = string.Join(" ", new[] { e.String("code"), e.String("title") ?? e.String("message") }.Where(x => !string.IsNullOrEmpty(x)));
        var details = e.Get("error_data")?.String("details");
        return string.IsNullOrEmpty(details) ? head : $"{head}: {details}";
    }

    public HttpRequestMessage BuildSend(OutboundText message)
    {
        SendRules.Check(this, message);
        var token = SendRules.Required(options.AccessToken, "Channels:WhatsApp:AccessToken");
        var phoneNumberId = SendRules.Required(options.PhoneNumberId, "Channels:WhatsApp:PhoneNumberId");
        var body = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            // wa_ids come without '+'; the documented request uses E.164.
            ["to"] = message.To.All(char.IsAsciiDigit) ? "+" + message.To : message.To,
            ["type"] = "text",
            ["text"] = new JsonObject
            {
                ["preview_url"] = message.Text.Contains("https://", StringComparison.OrdinalIgnoreCase)
                    || message.Text.Contains("http://", StringComparison.OrdinalIgnoreCase),
                ["body"] = message.Text,
            },
        };
        // Echoed in every status webhook for this message: how a send whose answer was lost is recognised before it is sent again.
        if (message.Reference is { } reference) body["biz_opaque_callback_data"] = reference;
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SendRules.Base(options.ApiBaseUrl)}/{Uri.EscapeDataString(phoneNumberId)}/messages")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public string? ParseSendResponse(string json) =>
        SendRules.ReadId(Channel, json, root => root.Items("messages").Select(m => m.String("id")).FirstOrDefault());
}
