using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.ServiceInterface.Channels.Messenger;

/// <summary>
/// Messenger Platform webhooks (object "page": messages, message_echoes, message_deliveries, message_reads, messaging_postbacks)
/// and the Send API; the Page feed's changes (comments, visitors' posts) are read by <see cref="Facebook.FacebookFeed"/>.
/// </summary>
public sealed class MessengerAdapter(MessengerOptions options) : IChannelAdapter, IWebhookHandshake
{
    public string Channel => ChannelName.Messenger;

    /// <summary>The Send API's limit for message.text.</summary>
    public int MaxTextLength => 2000;

    public WebhookReply Acknowledgement => MetaWebhook.Received;

    public bool VerifySignature(ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers, Uri requestUrl) =>
        MetaWebhook.VerifySignature(options.AppSecret, rawBody, headers);

    public WebhookReply? AnswerHandshake(IReadOnlyDictionary<string, string> query) => MetaWebhook.AnswerHandshake(options.VerifyToken, query);

    public IReadOnlyList<ChannelEvent> Parse(ReadOnlySpan<byte> rawBody, string? contentType)
    {
        using var document = PayloadNode.ParseDocument(rawBody, Channel);
        var root = PayloadNode.Root(document, Channel);
        if (root.String("object") is var kind && kind != "page")
            throw root.Error($"'object' is '{kind}', expected 'page' (is this a WhatsApp or Instagram webhook sent to the Messenger endpoint?).");

        var events = new List<ChannelEvent>();
        foreach (var entry in root.Items("entry", required: true))
        {
            foreach (var messaging in entry.Items("messaging"))
                Read(messaging, entry.Long("time"), events);
            // The Page feed (comments and visitors' posts) comes on the same subscription, as changes.
            foreach (var change in entry.Items("changes"))
                if (change.String("field") == "feed")
                    Facebook.FacebookFeed.Read(entry.RequiredString("id"), change.Object("value"), entry.Long("time"), events);
        }
        return events;
    }

    private void Read(PayloadNode e, long? entryTime, List<ChannelEvent> events)
    {
        var timestamp = e.Long("timestamp") ?? entryTime;
        if (e.Get("message") is { } message)
        {
            var mid = message.RequiredString("mid");
            var text = TextOf(message);
            if (message.Bool("is_echo"))
                events.Add(new Echo(Channel, e.Object("recipient").RequiredString("id"), mid, text ?? "", timestamp, message.String("app_id")));
            else if (text is not null)
                events.Add(new InboundText(Channel, e.Object("sender").RequiredString("id"), null, null, text, mid, timestamp,
                    IsAttachmentNote: message.Items("attachments").Any()) { BusinessAddress = e.Get("recipient")?.String("id") });
        }
        else if (e.Get("postback") is { } postback && postback.String("mid") is { } postbackMid)
        {
            // A tapped button: the customer "said" its title.
            var title = postback.String("title") ?? postback.String("payload") ?? "";
            if (title.Length > 0)
                events.Add(new InboundText(Channel, e.Object("sender").RequiredString("id"), null, null, title, postbackMid, timestamp)
                    { BusinessAddress = e.Get("recipient")?.String("id") });
        }
        else if (e.Get("delivery") is { } delivery)
        {
            var psid = e.Object("sender").RequiredString("id");
            var watermark = delivery.Long("watermark") ?? throw delivery.Error($"{delivery.Path}.watermark is missing.");
            foreach (var mid in delivery.Items("mids"))
                events.Add(new StatusUpdate(Channel, mid.Element.GetString(), DeliveryStatus.Delivered, null, timestamp ?? watermark, psid));
            events.Add(new StatusUpdate(Channel, null, DeliveryStatus.Delivered, null, timestamp ?? watermark, psid, watermark));
        }
        else if (e.Get("read") is { } read)
        {
            var watermark = read.Long("watermark") ?? throw read.Error($"{read.Path}.watermark is missing.");
            events.Add(new StatusUpdate(Channel, null, DeliveryStatus.Read, null, timestamp ?? watermark, e.Object("sender").RequiredString("id"), watermark));
        }
        // Reactions, optins, referrals, handover and the rest are not messages: nothing to store.
    }

    /// <summary>The text, with a note for attachments; null when the message has neither.</summary>
    private static string? TextOf(PayloadNode message)
    {
        var text = message.String("text");
        var kinds = message.Items("attachments").Select(a => a.String("type") ?? "file").ToList();
        if (kinds.Count > 0) return AttachmentNote.Combine(text, kinds);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public HttpRequestMessage BuildSend(OutboundText message)
    {
        SendRules.Check(this, message);
        var token = SendRules.Required(options.PageAccessToken, "Channels:Messenger:PageAccessToken");
        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = message.To },
            // Inside 24 h a reply is a RESPONSE; up to 7 days only a human agent may answer, and must say so with the tag.
            ["messaging_type"] = message.HumanAgentTag ? "MESSAGE_TAG" : "RESPONSE",
            ["message"] = new JsonObject { ["text"] = message.Text },
        };
        if (message.HumanAgentTag) body["tag"] = "HUMAN_AGENT";
        return new HttpRequestMessage(HttpMethod.Post, $"{SendRules.Base(options.ApiBaseUrl)}/me/messages?access_token={Uri.EscapeDataString(token)}")
        {
            Content = JsonContent.Create(body),
        };
    }

    public string? ParseSendResponse(string json) => SendRules.ReadId(Channel, json, root => root.String("message_id"));
}
