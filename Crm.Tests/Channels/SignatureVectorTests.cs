using System.Text;
using System.Text.Json.Nodes;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.Twilio;
using Crm.ServiceInterface.Channels.X;

namespace Crm.Tests.Channels;

/// <summary>Every published vector in Channels/Payloads/signature-vectors.json, read at run time, with its expected verdict.</summary>
public class SignatureVectorTests
{
    private static JsonArray Vectors => (JsonArray)SharedChannelFiles.Json("signature-vectors.json")["vectors"]!;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var v in Vectors) names.Add((string)v!["name"]!);
        return names;
    }

    [Fact]
    public void The_file_holds_all_23_published_vectors() => Assert.Equal(23, Vectors.Count);

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_gets_its_expected_verdict(string name)
    {
        var v = Vectors.Single(x => (string)x!["name"]! == name)!;
        var provider = (string)v["provider"]!;
        var secret = (string)v["secret"]!;
        var expected = (string)v["expected"]!;
        var expectValid = (bool?)v["expect_valid"] ?? true;

        switch (provider)
        {
            case "twilio" when v["url"] is null:
                // bodySHA256 alone: the hash a JSON-bodied webhook carries.
                Assert.Equal(expected, TwilioSignature.BodySha256(Encoding.UTF8.GetBytes((string)v["body"]!)));
                break;
            case "twilio":
                Assert.Equal(expectValid, VerifyTwilio(v, secret, expected));
                break;
            case "meta":
                var query = QueryOf((string)v["url"]!);
                var answer = new Crm.ServiceInterface.Channels.Messenger.MessengerAdapter(new() { VerifyToken = secret }).AnswerHandshake(query);
                Assert.Equal(expected, answer?.Body);
                Assert.Equal(expected, MetaWebhook.Challenge(query["hub.mode"], query["hub.verify_token"], query["hub.challenge"], secret));
                Assert.Null(MetaWebhook.Challenge(query["hub.mode"], "not-" + secret, query["hub.challenge"], secret));
                break;
            case "x/twitter":
                var body = Encoding.UTF8.GetBytes((string)v["body"]!);
                var adapter = new XAdapter(new XOptions { ConsumerSecret = secret });
                Assert.Equal(expectValid, adapter.VerifySignature(body, new Dictionary<string, string> { [(string)v["header"]!] = expected },
                    SharedChannelFiles.AnyUrl));
                Assert.Equal(expected, "sha256=" + Convert.ToBase64String(WebhookSignature.HmacSha256(secret, body)));
                break;
            default:
                Assert.Fail($"Vector {name} has an unknown provider '{provider}'.");
                break;
        }
    }

    private static bool VerifyTwilio(JsonNode v, string secret, string expected)
    {
        var adapter = new TwilioAdapter(new TwilioOptions { AuthToken = secret });
        var headers = new Dictionary<string, string> { [TwilioSignature.Header] = expected };
        byte[] body;
        if (v["body"] is { } json)
        {
            body = Encoding.UTF8.GetBytes((string)json!);
            headers["Content-Type"] = "application/json";
        }
        else
        {
            var pairs = v["params"] switch
            {
                JsonObject map => map.Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!)),
                JsonArray list => list.Select(p => new KeyValuePair<string, string>((string)p![0]!, (string)p[1]!)),
                _ => [],
            };
            body = Encoding.UTF8.GetBytes(TwilioForm.Encode(pairs));
            headers["Content-Type"] = TwilioForm.ContentType;
        }
        return adapter.VerifySignature(body, headers, new Uri((string)v["url"]!));
    }

    private static Dictionary<string, string> QueryOf(string url) =>
        TwilioForm.Parse(url[(url.IndexOf('?') + 1)..]).ToDictionary(p => p.Key, p => p.Value);
}
