using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.Messenger;

namespace Crm.Tests.Channels;

public class MessengerAdapterTests
{
    private const string Secret = "appsecret";
    private static readonly MessengerAdapter Adapter = new(new MessengerOptions
    {
        AppSecret = Secret, VerifyToken = "meatyhamhock", PageAccessToken = "PAGE-TOKEN", ApiBaseUrl = "http://fake.local/v23.0/",
    });

    [Fact]
    public void The_documented_text_message_is_a_customer_message()
    {
        var events = Adapter.Parse(SharedChannelFiles.Bytes("messenger-inbound-text.json"), "application/json");

        var text = Assert.IsType<InboundText>(Assert.Single(events));
        Assert.Equal(new InboundText("messenger", "<PSID>", null, null, "hello, world!", "mid.1457764197618:41d102a3e1ae206a38", 1458692752478)
            { BusinessAddress = "<PAGE_ID>" }, text);
        var inbound = text.ToInboundMessage(customerId: 7, customerCreated: true);
        Assert.Equal(("messenger", "<PSID>", 7L, "hello, world!", "mid.1457764197618:41d102a3e1ae206a38", 1458692752478L),
            (inbound.Channel, inbound.Address, inbound.CustomerId, inbound.Text, inbound.ChannelMessageId, inbound.SentAt!.Value));
    }

    [Fact]
    public void The_signature_is_checked_on_the_raw_bytes()
    {
        var body = SharedChannelFiles.Bytes("messenger-inbound-text.json");
        // Computed independently (Python hmac) over the file's bytes.
        var header = new Dictionary<string, string> { ["x-hub-signature-256"] = "sha256=03f6c7d223244413abf5e9ce6587d0d827421e690a0b8c4ddce2ffc5f5dbb2ca" };
        Assert.True(Adapter.VerifySignature(body, header, SharedChannelFiles.AnyUrl));

        var forged = (byte[])body.Clone();
        forged[^5] ^= 1;
        Assert.False(Adapter.VerifySignature(forged, header, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, new Dictionary<string, string>(), SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha1=03f6c7d2" }, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha256=zz" }, SharedChannelFiles.AnyUrl));
        Assert.False(new MessengerAdapter(new MessengerOptions()).VerifySignature(body, header, SharedChannelFiles.AnyUrl)); // no secret configured
    }

    [Fact]
    public void The_handshake_answers_only_our_verify_token()
    {
        var query = new Dictionary<string, string> { ["hub.mode"] = "subscribe", ["hub.challenge"] = "1158201444", ["hub.verify_token"] = "meatyhamhock" };
        Assert.Equal("1158201444", Adapter.AnswerHandshake(query)?.Body);
        Assert.Null(Adapter.AnswerHandshake(new Dictionary<string, string>(query) { ["hub.verify_token"] = "guess" }));
        Assert.Null(Adapter.AnswerHandshake(new Dictionary<string, string>(query) { ["hub.mode"] = "unsubscribe" }));
        Assert.Null(new MessengerAdapter(new MessengerOptions()).AnswerHandshake(new Dictionary<string, string>(query) { ["hub.verify_token"] = "" }));
    }

    // Two entries with two messaging events each, shapes from the message, message_echoes, message_deliveries and
    // message_reads references.
    private const string Batch = """
        {"object":"page","entry":[
          {"id":"PAGE","time":1458692752478,"messaging":[
            {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1458692752001,
             "message":{"mid":"m-1","text":"first"}},
            {"sender":{"id":"PSID-2"},"recipient":{"id":"PAGE"},"timestamp":1458692752002,
             "message":{"mid":"m-2","attachments":[{"type":"image","payload":{"url":"https://scontent.example/1.jpg"}}]}}
          ]},
          {"id":"PAGE","time":1458692752999,"messaging":[
            {"sender":{"id":"PAGE"},"recipient":{"id":"PSID-1"},"timestamp":1457764197627,
             "message":{"is_echo":true,"app_id":1517776481860111,"metadata":"outbox-42","mid":"mid.1457764197618:41d102a3e1ae206a38","text":"Ana: hello"}},
            {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},
             "delivery":{"mids":["mid.1458668856218:ed81099e15d3f4f233"],"watermark":1458668856253}}
          ]},
          {"id":"PAGE","time":1458668856463,"messaging":[
            {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1458668856463,"read":{"watermark":1458668856253}},
            {"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1458668856464,"reaction":{"mid":"m-1","action":"react","emoji":"👍"}}
          ]}
        ]}
        """;

    [Fact]
    public void A_batched_post_yields_every_event_in_order()
    {
        var events = Adapter.Parse(Encoding.UTF8.GetBytes(Batch), "application/json");

        Assert.Equal<ChannelEvent>(
        [
            new InboundText("messenger", "PSID-1", null, null, "first", "m-1", 1458692752001) { BusinessAddress = "PAGE" },
            new InboundText("messenger", "PSID-2", null, null, "[image] attachment not supported", "m-2", 1458692752002, IsAttachmentNote: true)
                { BusinessAddress = "PAGE" },
            new Echo("messenger", "PSID-1", "mid.1457764197618:41d102a3e1ae206a38", "Ana: hello", 1457764197627, "1517776481860111"),
            // A delivery event has no timestamp of its own: the entry's time stands in.
            new StatusUpdate("messenger", "mid.1458668856218:ed81099e15d3f4f233", "delivered", null, 1458692752999, "PSID-1"),
            new StatusUpdate("messenger", null, "delivered", null, 1458692752999, "PSID-1", Watermark: 1458668856253),
            new StatusUpdate("messenger", null, "read", null, 1458668856463, "PSID-1", Watermark: 1458668856253),
        ], events);
    }

    [Fact]
    public void Text_with_several_attachments_keeps_the_text_and_notes_them()
    {
        var body = """
            {"object":"page","entry":[{"id":"P","time":1,"messaging":[{"sender":{"id":"S"},"recipient":{"id":"P"},"timestamp":5,
              "message":{"mid":"m","text":"see these","attachments":[{"type":"image","payload":{}},{"type":"video","payload":{}}]}}]}]}
            """;
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(Encoding.UTF8.GetBytes(body), null)));
        Assert.Equal("see these\n[image, video] attachments not supported", text.Text);
        Assert.True(text.IsAttachmentNote);
    }

    [Theory]
    [InlineData("", "the body is empty")]
    [InlineData("hello", "not JSON")]
    [InlineData("[1,2]", "array, not an object")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[]}""", "expected 'page'")]
    [InlineData("""{"object":"page"}""", "entry is missing")]
    [InlineData("""{"object":"page","entry":{}}""", "entry is an object, not an array")]
    [InlineData("""{"object":"page","entry":[{"messaging":[{"sender":{"id":"S"},"message":{"text":"no id"}}]}]}""",
        "entry[0].messaging[0].message.mid is missing")]
    [InlineData("""{"object":"page","entry":[{"messaging":[{"message":{"mid":"m","text":"who?"}}]}]}""", "entry[0].messaging[0].sender is missing")]
    public void Junk_gets_a_clear_message(string body, string expected)
    {
        var e = Assert.Throws<ChannelPayloadException>(() => Adapter.Parse(Encoding.UTF8.GetBytes(body), "application/json"));
        Assert.Contains(expected, e.Message);
        Assert.Equal(400, e.Status);
    }

    [Fact]
    public async Task The_send_request_is_the_documented_one()
    {
        var request = Adapter.BuildSend(new OutboundText("{PSID}", "hello, world"));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fake.local/v23.0/me/messages?access_token=PAGE-TOKEN", request.RequestUri!.ToString());
        Assert.True(JsonNode.DeepEquals(SharedChannelFiles.Json("messenger-send-request.json"), JsonNode.Parse(await request.Content!.ReadAsStringAsync())));
        Assert.Equal("application/json", request.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_human_agent_reply_after_24_hours_carries_the_tag()
    {
        var request = Adapter.BuildSend(new OutboundText("PSID-1", "Ana: sorry for the wait", HumanAgentTag: true));
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        Assert.Equal("MESSAGE_TAG", (string)body["messaging_type"]!);
        Assert.Equal("HUMAN_AGENT", (string)body["tag"]!);
        Assert.Equal("PSID-1", (string)body["recipient"]!["id"]!);
    }

    [Fact]
    public void Sending_refuses_what_the_platform_would_refuse()
    {
        Assert.Throws<ArgumentException>(() => Adapter.BuildSend(new OutboundText("P", new string('a', 2001))));
        Assert.Throws<ArgumentException>(() => Adapter.BuildSend(new OutboundText("P", " ")));
        var e = Assert.Throws<InvalidOperationException>(() => new MessengerAdapter(new MessengerOptions()).BuildSend(new OutboundText("P", "hi")));
        Assert.Contains("Channels:Messenger:PageAccessToken", e.Message);
    }

    [Fact]
    public void The_send_answer_gives_the_message_id()
    {
        Assert.Equal("AG5Hz2U...", Adapter.ParseSendResponse(SharedChannelFiles.Text("messenger-send-response.json")));
        Assert.Null(Adapter.ParseSendResponse("""{"recipient_id":"X"}"""));
        Assert.Throws<ChannelPayloadException>(() => Adapter.ParseSendResponse("<html>502</html>"));
    }
}
