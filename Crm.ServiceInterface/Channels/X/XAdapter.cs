using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.ServiceInterface.Channels.X;

/// <summary>
/// X Account Activity API: the CRC handshake, x-twitter-webhooks-signature, direct_message_events (with the users map),
/// direct_message_mark_read_events and tweet_create_events; DMs are sent through the v2 dm_conversations endpoint.
/// </summary>
public sealed class XAdapter(XOptions options) : IChannelAdapter, IWebhookHandshake
{
    public const string SignatureHeader = "x-twitter-webhooks-signature";

    public string Channel => ChannelName.X;

    /// <summary>A direct message's limit.</summary>
    public int MaxTextLength => 10000;

    public WebhookReply Acknowledgement { get; } = WebhookReply.Text("");

    /// <summary>"sha256=" + base64 HMAC-SHA256(consumer secret, crc_token).</summary>
    public string CrcResponseToken(string crcToken) =>
        "sha256=" + Convert.ToBase64String(
            WebhookSignature.HmacSha256(SendRules.Required(options.ConsumerSecret, "Channels:X:ConsumerSecret"), Encoding.UTF8.GetBytes(crcToken)));

    /// <summary>GET ?crc_token=…: {"response_token": "sha256=…"}; null (refuse) without a token or a configured secret.</summary>
    public WebhookReply? AnswerHandshake(IReadOnlyDictionary<string, string> query) =>
        query.GetValueOrDefault("crc_token") is { Length: > 0 } token && !string.IsNullOrEmpty(options.ConsumerSecret)
            // Base64 needs no JSON escaping; written by hand so '+' stays '+' rather than \u002B.
            ? new WebhookReply("application/json; charset=utf-8", $"{{\"response_token\":\"{CrcResponseToken(token)}\"}}")
            : null;

    public bool VerifySignature(ReadOnlySpan<byte> rawBody, IReadOnlyDictionary<string, string> headers, Uri requestUrl) =>
        !string.IsNullOrEmpty(options.ConsumerSecret)
        && WebhookSignature.Matches(WebhookSignature.Header(headers, SignatureHeader), "sha256=", base64: true,
            WebhookSignature.HmacSha256(options.ConsumerSecret, rawBody));

    public IReadOnlyList<ChannelEvent> Parse(ReadOnlySpan<byte> rawBody, string? contentType)
    {
        using var document = PayloadNode.ParseDocument(rawBody, Channel);
        var root = PayloadNode.Root(document, Channel);
        var business = root.RequiredString("for_user_id");
        var users = root.Get("users")?.Members().ToDictionary(u => u.Name, u => u.Value) ?? [];

        var events = new List<ChannelEvent>();
        foreach (var dm in root.Items("direct_message_events"))
        {
            if (dm.String("type") != "message_create") continue;
            var id = dm.RequiredString("id");
            var timestamp = dm.Long("created_timestamp");
            var create = dm.Object("message_create");
            var sender = create.RequiredString("sender_id");
            var data = create.Object("message_data");
            var media = data.Get("attachment")?.Get("media")?.String("type");
            var text = media is null ? data.String("text") ?? "" : AttachmentNote.Combine(data.String("text"), [media == "photo" ? "image" : media]);
            if (sender == business)
                events.Add(new Echo(Channel, create.Object("target").RequiredString("recipient_id"), id, text, timestamp, create.String("source_app_id")));
            else if (text.Length > 0)
            {
                var user = users.TryGetValue(sender, out var known) ? known : (PayloadNode?)null;
                events.Add(new InboundText(Channel, sender, user?.String("name"), user?.String("screen_name"), text, id, timestamp,
                    IsAttachmentNote: media is not null)
                    { BusinessAddress = business });
            }
        }

        foreach (var read in root.Items("direct_message_mark_read_events"))
        {
            var reader = read.RequiredString("sender_id");
            if (reader == business) continue; // our own agents reading the customer's messages
            var lastRead = read.RequiredString("last_read_event_id");
            events.Add(new StatusUpdate(Channel, lastRead, DeliveryStatus.Read, null, read.Long("created_timestamp"), reader, SnowflakeTime(lastRead)));
        }

        foreach (var tweet in root.Items("tweet_create_events"))
        {
            var author = tweet.Object("user");
            var authorId = author.RequiredString("id_str");
            if (authorId == business || tweet.Has("retweeted_status")) continue; // our own posts, retweets
            var text = tweet.Get("extended_tweet")?.String("full_text") ?? tweet.String("full_text") ?? tweet.String("text") ?? "";
            events.Add(new PublicMention(Channel, tweet.RequiredString("id_str"), authorId, author.String("screen_name"), author.String("name"), text,
                tweet.Long("timestamp_ms"))
                { BusinessAddress = business });
        }
        return events;
    }

    /// <summary>The unix-ms creation time inside an X id (snowflake), so a read receipt works as a watermark.</summary>
    public static long? SnowflakeTime(string id) =>
        long.TryParse(id, out var value) && value > 0 ? (value >> 22) + 1288834974657L : null;

    public HttpRequestMessage BuildSend(OutboundText message)
    {
        SendRules.Check(this, message);
        var token = SendRules.Required(options.BearerToken, "Channels:X:BearerToken");
        var messagesUrl = $"{SendRules.Base(options.ApiBaseUrl)}/2/dm_conversations/with/{Uri.EscapeDataString(message.To)}/messages";
        var request = new HttpRequestMessage(HttpMethod.Post, messagesUrl)
        {
            Content = JsonContent.Create(new JsonObject { ["text"] = message.Text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public string? ParseSendResponse(string json) => SendRules.ReadId(Channel, json, root => root.Get("data")?.String("dm_event_id"));
}
