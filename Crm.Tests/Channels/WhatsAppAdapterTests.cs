using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WhatsApp;

namespace Crm.Tests.Channels;

public class WhatsAppAdapterTests
{
    private static readonly WhatsAppAdapter Adapter = new(new WhatsAppOptions
    {
        AppSecret = "wa-secret", VerifyToken = "meatyhamhock", AccessToken = "WA-TOKEN", PhoneNumberId = "106540352242922",
            ApiBaseUrl = "http://fake.local/v23.0",
    });

    [Fact]
    public void The_documented_text_message_carries_the_profile_name()
    {
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(SharedChannelFiles.Bytes("whatsapp-inbound-text.json"), "application/json")));

        Assert.Equal(new InboundText("whatsapp", "16505551234", "Sheena Nelson", null, "Does it come in another color?",
            "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", 1749416383000) { BusinessAddress = "106540352242922" }, text);
    }

    [Fact]
    public void The_signature_is_checked_on_the_raw_bytes()
    {
        var body = SharedChannelFiles.Bytes("whatsapp-inbound-text.json");
        var headers = SharedChannelFiles.MetaHeaders("wa-secret", body);
        Assert.True(Adapter.VerifySignature(body, headers, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, SharedChannelFiles.MetaHeaders("other-secret", body), SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature([.. body, (byte)' '], headers, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, new Dictionary<string, string>(), SharedChannelFiles.AnyUrl));
    }

    [Fact]
    public void The_handshake_is_metas()
    {
        var query = new Dictionary<string, string> { ["hub.mode"] = "subscribe", ["hub.challenge"] = "1158201444", ["hub.verify_token"] = "meatyhamhock" };
        Assert.Equal("1158201444", Adapter.AnswerHandshake(query)?.Body);
        Assert.Null(Adapter.AnswerHandshake(new Dictionary<string, string>(query) { ["hub.verify_token"] = "meatyhamhoc" }));
    }

    // Shapes from the Cloud API webhook reference: two entries; messages with contacts, every status including a failure.
    private const string Batch = """
        {"object":"whatsapp_business_account","entry":[
          {"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
            "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
            "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"},{"profile":{"name":"Lee Jen Ling"},"wa_id":"60173526233"}],
            "messages":[
              {"from":"60173526233","id":"wamid.A","timestamp":"1694427240","type":"text","text":{"body":"Hihu"}},
              {"from":"16505551234","id":"wamid.B","timestamp":"1694427241","type":"image",
               "image":{"caption":"my receipt","mime_type":"image/jpeg","sha256":"abc","id":"1234"}},
              {"from":"16505551234","id":"wamid.C","timestamp":"1694427242","type":"reaction","reaction":{"message_id":"wamid.A","emoji":"👍"}},
              {"from":"16505551234","id":"wamid.D","timestamp":"1694427243","type":"interactive",
               "interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Yes please"}}}
            ]}}]},
          {"id":"WABA","changes":[
            {"field":"messages","value":{"messaging_product":"whatsapp",
              "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
              "statuses":[
                {"id":"wamid.OUT1","status":"sent","timestamp":"1750857384","recipient_id":"5516992318222",
                 "conversation":{"id":"c","expiration_timestamp":"1750943820","origin":{"type":"service"}},
                 "pricing":{"billable":true,"pricing_model":"CBP","category":"service"}},
                {"id":"wamid.OUT1","status":"delivered","timestamp":"1750857385","recipient_id":"5516992318222"},
                {"id":"wamid.OUT1","status":"read","timestamp":"1750857390","recipient_id":"5516992318222"},
                {"id":"wamid.OUT2","status":"failed","timestamp":"1750857400","recipient_id":"5516992318222",
                 "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
                   "error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
                   "href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}
              ]}},
            {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"999"},
              "messages":[{"from":"16505551234","id":"wamid.OTHER-NUMBER","timestamp":"1","type":"text","text":{"body":"not ours"}}]}},
            {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":1}}
          ]}
        ]}
        """;

    [Fact]
    public void A_batched_post_yields_messages_notes_and_every_status()
    {
        var events = Adapter.Parse(Encoding.UTF8.GetBytes(Batch), "application/json");

        Assert.Equal<ChannelEvent>(
        [
            new InboundText("whatsapp", "60173526233", "Lee Jen Ling", null, "Hihu", "wamid.A", 1694427240000) { BusinessAddress = "106540352242922" },
            new InboundText("whatsapp", "16505551234", "Sheena Nelson", null, "my receipt\n[image] attachment not supported", "wamid.B", 1694427241000,
                IsAttachmentNote: true)
                { BusinessAddress = "106540352242922" },
            new InboundText("whatsapp", "16505551234", "Sheena Nelson", null, "Yes please", "wamid.D", 1694427243000) { BusinessAddress = "106540352242922" },
            new StatusUpdate("whatsapp", "wamid.OUT1", "sent", null, 1750857384000, "5516992318222"),
            new StatusUpdate("whatsapp", "wamid.OUT1", "delivered", null, 1750857385000, "5516992318222"),
            new StatusUpdate("whatsapp", "wamid.OUT1", "read", null, 1750857390000, "5516992318222"),
            new StatusUpdate("whatsapp", "wamid.OUT2", "failed",
                "131047 Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                1750857400000, "5516992318222"),
        ], events);
    }

    [Theory]
    [InlineData("audio", "[audio] attachment not supported")]
    [InlineData("sticker", "[sticker] attachment not supported")]
    [InlineData("location", "[location] attachment not supported")]
    [InlineData("unsupported", "[unsupported] attachment not supported")]
    public void Media_becomes_a_visible_note(string type, string note)
    {
        var body = $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"W","changes":[{"field":"messages","value":{
              "metadata":{"phone_number_id":"106540352242922"},
              "messages":[{"from":"16505551234","id":"wamid.M","timestamp":"1700000000","type":"{{{type}}}","{{{type}}}":{"id":"1"}}]}}]}]}
            """;
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(Encoding.UTF8.GetBytes(body), "application/json")));
        Assert.Equal(note, text.Text);
        Assert.True(text.IsAttachmentNote);
        Assert.Null(text.ProfileName); // no contacts[] in this payload
    }

    [Theory]
    [InlineData("{", "not JSON")]
    [InlineData("""{"object":"page","entry":[]}""", "expected 'whatsapp_business_account'")]
    [InlineData("""{"object":"whatsapp_business_account"}""", "entry is missing")]
    [InlineData("""{"object":"whatsapp_business_account","entry":"""
        + """[{"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"w","type":"text"}]}}]}]}""",
        "entry[0].changes[0].value.messages[0].text is missing")]
    [InlineData("""{"object":"whatsapp_business_account","entry":"""
        + """[{"changes":[{"field":"messages","value":{"statuses":[{"id":"w","status":"read","timestamp":"soon"}]}}]}]}""",
        "entry[0].changes[0].value.statuses[0].timestamp is not an integer")]
    public void Junk_gets_a_clear_message(string body, string expected)
    {
        var e = Assert.Throws<ChannelPayloadException>(() => Adapter.Parse(Encoding.UTF8.GetBytes(body), "application/json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task The_send_request_is_the_documented_one()
    {
        var request = Adapter.BuildSend(new OutboundText("16505551234",
            "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/"));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fake.local/v23.0/106540352242922/messages", request.RequestUri!.ToString());
        Assert.Equal("Bearer WA-TOKEN", request.Headers.Authorization!.ToString());
        Assert.True(JsonNode.DeepEquals(SharedChannelFiles.Json("whatsapp-send-text-request.json"),
            JsonNode.Parse(await request.Content!.ReadAsStringAsync())));
    }

    [Fact]
    public async Task A_text_without_a_link_asks_for_no_preview()
    {
        var body = JsonNode.Parse(await Adapter.BuildSend(new OutboundText("+16505551234", "Ana: it does, in blue")).Content!.ReadAsStringAsync())!;
        Assert.False((bool)body["text"]!["preview_url"]!);
        Assert.Equal("+16505551234", (string)body["to"]!);
    }

    [Fact]
    public void The_send_answer_gives_the_wamid()
    {
        Assert.Equal("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA",
            Adapter.ParseSendResponse(SharedChannelFiles.Text("whatsapp-send-text-response.json")));
        Assert.Null(Adapter.ParseSendResponse("""{"error":{"message":"(#131030) Recipient phone number not in allowed list","code":131030}}"""));
        Assert.Throws<InvalidOperationException>(() => new WhatsAppAdapter(new WhatsAppOptions { AccessToken = "t" }).BuildSend(new OutboundText("1", "hi")));
    }
}
