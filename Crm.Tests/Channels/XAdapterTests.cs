using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.X;

namespace Crm.Tests.Channels;

public class XAdapterTests
{
    private static readonly XAdapter Adapter = new(new XOptions { ConsumerSecret = "test", BearerToken = "USER-TOKEN", ApiBaseUrl = "http://fake.local" });

    [Fact]
    public void The_documented_dm_carries_name_and_handle_from_the_users_map()
    {
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(SharedChannelFiles.Bytes("twitter-dm-event.json"), "application/json")));

        Assert.Equal(new InboundText("x", "3001969357", "Jordan Brinks", "furiouscamper", "Hello World!", "954491830116155396", 1516403560557)
            { BusinessAddress = "4337869213" }, text);
    }

    [Fact]
    public void The_crc_answer_has_the_documented_shape()
    {
        var answer = Adapter.AnswerHandshake(new Dictionary<string, string> { ["crc_token"] = "challenge_string" });

        Assert.NotNull(answer);
        Assert.StartsWith("application/json", answer.ContentType);
        var shape = (JsonObject)SharedChannelFiles.Json("twitter-crc.json")["response_shape_verbatim"]!;
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        Assert.Equal(shape.Select(p => p.Key), body.Select(p => p.Key));
        // Computed independently (Python hmac/base64) for secret "test".
        Assert.Equal("sha256=SYYKwb5URQ4OnNXL3KWDH9ph6EIaP+4PTQFxLk5FIK4=", (string)body["response_token"]!);
        Assert.Contains("+", answer.Body);
        Assert.Null(Adapter.AnswerHandshake(new Dictionary<string, string>()));
        Assert.Null(new XAdapter(new XOptions()).AnswerHandshake(new Dictionary<string, string> { ["crc_token"] = "x" }));
    }

    [Fact]
    public void A_forged_or_unsigned_post_is_rejected()
    {
        var body = SharedChannelFiles.Bytes("twitter-dm-event.json");
        var good = "sha256=" + Convert.ToBase64String(WebhookSignature.HmacSha256("test", body));
        Assert.True(Adapter.VerifySignature(body, new Dictionary<string, string> { ["X-Twitter-Webhooks-Signature"] = good }, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature([.. body[..^1]], new Dictionary<string, string> { ["x-twitter-webhooks-signature"] = good },
            SharedChannelFiles.AnyUrl));
        var zeros = new Dictionary<string, string> { ["x-twitter-webhooks-signature"] = "sha256=" + Convert.ToBase64String(new byte[32]) };
        Assert.False(Adapter.VerifySignature(body, zeros, SharedChannelFiles.AnyUrl));
        Assert.False(Adapter.VerifySignature(body, new Dictionary<string, string>(), SharedChannelFiles.AnyUrl));
    }

    // Account Activity shapes: DMs from two customers (one with a photo), our own DM echoed back, a read receipt,
    // typing indicators, and tweet_create_events with a mention, our own post and a retweet.
    private const string Batch = """
        {"for_user_id":"4337869213",
         "direct_message_events":[
           {"type":"message_create","id":"954491830116155396","created_timestamp":"1516403560557",
            "message_create":{"target":{"recipient_id":"4337869213"},"sender_id":"3001969357","message_data":{"text":"Hello World!"}}},
           {"type":"message_create","id":"954491830116155397","created_timestamp":"1516403560600",
            "message_create":{"target":{"recipient_id":"4337869213"},"sender_id":"111","message_data":{"text":"my bill https://t.co/abc",
              "attachment":{"type":"media","media":{"id_str":"9","type":"photo","media_url_https":"https://pbs.twimg.com/dm/9.jpg"}}}}},
           {"type":"message_create","id":"954491830116155400","created_timestamp":"1516403561000",
            "message_create":{"target":{"recipient_id":"3001969357"},"sender_id":"4337869213","source_app_id":"13090192",
              "message_data":{"text":"Ana: hi Jordan"}}}
         ],
         "direct_message_mark_read_events":[
           {"created_timestamp":"1516403562000","sender_id":"3001969357","target":{"recipient_id":"4337869213"},"last_read_event_id":"954491830116155400"}
         ],
         "direct_message_indicate_typing_events":[{"created_timestamp":"1516403562001","sender_id":"3001969357","target":{"recipient_id":"4337869213"}}],
         "users":{
           "3001969357":{"id":"3001969357","name":"Jordan Brinks","screen_name":"furiouscamper"},
           "111":{"id":"111","name":"Pat","screen_name":"pat"}
         },
         "tweet_create_events":[
           {"created_at":"Fri Jan 19 23:12:40 +0000 2018","id":954491830116155500,"id_str":"954491830116155500",
            "text":"@Harris_0ff my order never came","truncated":false,"timestamp_ms":"1516403563000",
            "user":{"id":111,"id_str":"111","name":"Pat","screen_name":"pat"}},
           {"id_str":"954491830116155501","text":"Our new hours","timestamp_ms":"1516403563100",
            "user":{"id_str":"4337869213","name":"Harrison Test","screen_name":"Harris_0ff"}},
           {"id_str":"954491830116155502","text":"RT @Harris_0ff: Our new hours","timestamp_ms":"1516403563200",
            "user":{"id_str":"222","name":"Sam","screen_name":"sam"},"retweeted_status":{"id_str":"954491830116155501"}}
         ]}
        """;

    [Fact]
    public void A_batched_post_yields_dms_echoes_read_receipts_and_mentions()
    {
        var events = Adapter.Parse(Encoding.UTF8.GetBytes(Batch), "application/json");

        Assert.Equal<ChannelEvent>(
        [
            new InboundText("x", "3001969357", "Jordan Brinks", "furiouscamper", "Hello World!", "954491830116155396", 1516403560557)
                { BusinessAddress = "4337869213" },
            new InboundText("x", "111", "Pat", "pat", "my bill https://t.co/abc\n[image] attachment not supported", "954491830116155397", 1516403560600,
                IsAttachmentNote: true)
                { BusinessAddress = "4337869213" },
            new Echo("x", "3001969357", "954491830116155400", "Ana: hi Jordan", 1516403561000, "13090192"),
            new StatusUpdate("x", "954491830116155400", "read", null, 1516403562000, "3001969357", Watermark: XAdapter.SnowflakeTime("954491830116155400")),
            new PublicMention("x", "954491830116155500", "111", "pat", "Pat", "@Harris_0ff my order never came", 1516403563000)
                { BusinessAddress = "4337869213" },
        ], events);
    }

    [Fact]
    public void A_snowflake_id_tells_its_creation_time() =>
        Assert.Equal(1516403560557, XAdapter.SnowflakeTime("954491830116155396"));

    [Theory]
    [InlineData("nope", "not JSON")]
    [InlineData("""{"direct_message_events":[]}""", "for_user_id is missing")]
    [InlineData("""{"for_user_id":"1","direct_message_events":[{"type":"message_create","id":"5"}]}""", "direct_message_events[0].message_create is missing")]
    [InlineData("""{"for_user_id":"1","tweet_create_events":[{"id_str":"5","text":"hi"}]}""", "tweet_create_events[0].user is missing")]
    public void Junk_gets_a_clear_message(string body, string expected)
    {
        var e = Assert.Throws<ChannelPayloadException>(() => Adapter.Parse(Encoding.UTF8.GetBytes(body), "application/json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_dm_goes_to_the_v2_conversation_with_the_participant()
    {
        var request = Adapter.BuildSend(new OutboundText("3001969357", "Ana: your refund is on its way"));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fake.local/2/dm_conversations/with/3001969357/messages", request.RequestUri!.ToString());
        Assert.Equal("Bearer USER-TOKEN", request.Headers.Authorization!.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text":"Ana: your refund is on its way"}"""),
            JsonNode.Parse(await request.Content!.ReadAsStringAsync())));
    }

    [Fact]
    public void The_send_answer_gives_the_dm_event_id()
    {
        Assert.Equal("1146654567674912769",
            Adapter.ParseSendResponse("""{"data":{"dm_conversation_id":"123123123-456456456","dm_event_id":"1146654567674912769"}}"""));
        Assert.Null(Adapter.ParseSendResponse("""{"errors":[{"detail":"You are not permitted to send this message","status":403,"title":"Forbidden"}]}"""));
    }
}
