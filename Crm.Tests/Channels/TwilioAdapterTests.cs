using System.Text;
using System.Xml.Linq;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.Twilio;

namespace Crm.Tests.Channels;

public class TwilioAdapterTests
{
    private static readonly TwilioOptions Options = new()
    {
        AccountSid = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", AuthToken = "12345", FromNumber = "+15558675310", ApiBaseUrl = "http://fake.local/",
    };
    private static readonly TwilioAdapter Adapter = new(Options);
    private static readonly Uri Webhook = new("https://crm.example.com/webhooks/sms/twilio");

    private static Dictionary<string, string> Signed(string url, string form) => new()
    {
        ["X-Twilio-Signature"] = TwilioSignature.Compute("12345", url, TwilioForm.Parse(form)),
        ["Content-Type"] = "application/x-www-form-urlencoded",
    };

    [Fact]
    public void The_documented_inbound_sms_is_a_customer_message()
    {
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(SharedChannelFiles.Bytes("twilio-sms-inbound.form"),
            "application/x-www-form-urlencoded")));

        // Twilio's webhook carries no send time: the receiver stamps it.
        Assert.Equal(new InboundText("sms", "+14017122661", null, null, "Ahoy! Let's build something amazing.", "SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", null)
            { BusinessAddress = "+15558675310" }, text);
    }

    [Fact]
    public void The_signature_covers_every_parameter()
    {
        var form = SharedChannelFiles.Text("twilio-sms-inbound.form");
        var headers = Signed(Webhook.OriginalString, form);
        Assert.True(Adapter.VerifySignature(Encoding.UTF8.GetBytes(form), headers, Webhook));

        var tampered = form.Replace("Body=Ahoy", "Body=Pay+now", StringComparison.Ordinal);
        Assert.False(Adapter.VerifySignature(Encoding.UTF8.GetBytes(tampered), headers, Webhook));
        Assert.False(Adapter.VerifySignature(Encoding.UTF8.GetBytes(form), new Dictionary<string, string>(), Webhook));
        Assert.False(Adapter.VerifySignature(Encoding.UTF8.GetBytes(form), headers, new Uri("https://crm.example.com/webhooks/sms/twilio?x=1")));
        Assert.False(new TwilioAdapter(new TwilioOptions()).VerifySignature(Encoding.UTF8.GetBytes(form), headers, Webhook));
    }

    [Fact]
    public void Behind_a_proxy_the_public_base_url_is_what_was_signed()
    {
        // twilio-basic: signed over https://mycompany.com/myapp.php?foo=1&bar=2; the app itself sees http://10.0.0.5:8080.
        const string form = "CallSid=CA1234567890ABCDE&From=%2B14158675309&Digits=1234&To=%2B18005551212&Caller=%2B14158675309";
        var headers = new Dictionary<string, string> { ["X-Twilio-Signature"] = "RSOYDt4T1cUTdK1PDd93/VVr8B8=" };
        var seen = new Uri("http://10.0.0.5:8080/myapp.php?foo=1&bar=2");

        Assert.True(new TwilioAdapter(new TwilioOptions { AuthToken = "12345",
            PublicBaseUrl = "https://mycompany.com/" }).VerifySignature(Encoding.UTF8.GetBytes(form), headers, seen));
        Assert.False(new TwilioAdapter(new TwilioOptions { AuthToken = "12345" }).VerifySignature(Encoding.UTF8.GetBytes(form), headers, seen));
        Assert.False(new TwilioAdapter(new TwilioOptions { AuthToken = "12345",
            PublicBaseUrl = "https://other.com" }).VerifySignature(Encoding.UTF8.GetBytes(form), headers, seen));
    }

    [Theory]
    [InlineData("sent", null, null, "sent", null)]
    [InlineData("delivered", null, null, "delivered", null)]
    [InlineData("read", null, null, "read", null)]
    [InlineData("undelivered", "30003", null, "failed", "Twilio error 30003")]
    [InlineData("failed", "30007", "Message filtered", "failed", "30007 Message filtered")]
    [InlineData("failed", null, null, "failed", "Twilio reported the message as failed.")]
    public void Status_callbacks_become_status_updates(string twilioStatus, string? code, string? message, string status, string? error)
    {
        var form = $"SmsSid=SM1&SmsStatus={twilioStatus}&MessageStatus={twilioStatus}&To=%2B14017122661&MessageSid=SM1&AccountSid=AC1"
            + "&From=%2B15558675310&ApiVersion=2010-04-01"
            + (code is null ? "" : $"&ErrorCode={code}") + (message is null ? "" : $"&ErrorMessage={Uri.EscapeDataString(message)}");
        var update = Assert.IsType<StatusUpdate>(Assert.Single(Adapter.Parse(Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded")));
        Assert.Equal(new StatusUpdate("sms", "SM1", status, error, null, "+14017122661"), update);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("accepted")]
    [InlineData("sending")]
    public void Statuses_on_the_way_are_not_reported(string twilioStatus) =>
        Assert.Empty(Adapter.Parse(Encoding.UTF8.GetBytes($"MessageSid=SM1&MessageStatus={twilioStatus}&To=%2B1"), null));

    [Fact]
    public void Mms_media_becomes_a_note_after_the_body()
    {
        const string form = "MessageSid=MM1&SmsStatus=received&From=%2B14017122661&To=%2B15558675310&Body=look&NumMedia=2"
            + "&MediaContentType0=image%2Fjpeg&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm0"
            + "&MediaContentType1=application%2Fpdf&MediaUrl1=https%3A%2F%2Fapi.twilio.com%2Fm1";
        var text = Assert.IsType<InboundText>(Assert.Single(Adapter.Parse(Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded; charset=utf-8")));
        Assert.Equal("look\n[image, file] attachments not supported", text.Text);
        Assert.True(text.IsAttachmentNote);
    }

    [Fact]
    public void The_acknowledgement_is_empty_twiml()
    {
        Assert.Equal(Twiml.Empty, SharedChannelFiles.Text("twilio-twiml-empty.xml"));
        Assert.True(XNode.DeepEquals(XDocument.Parse(SharedChannelFiles.Text("twilio-twiml-empty.xml")), XDocument.Parse(Adapter.Acknowledgement.Body)));
        Assert.Equal("text/xml", Adapter.Acknowledgement.ContentType);
    }

    [Theory]
    [InlineData("""{"MessageSid":"SM1"}""", "application/json", "form posts")]
    [InlineData("""{"MessageSid":"SM1"}""", null, "not a form post")]
    [InlineData("", null, "the body is empty")]
    [InlineData("From=%2B1&Body=hi", null, "MessageSid is missing")]
    [InlineData("MessageSid=SM1&Body=hi", null, "From is missing")]
    public void Junk_gets_a_clear_message(string body, string? contentType, string expected)
    {
        var e = Assert.Throws<ChannelPayloadException>(() => Adapter.Parse(Encoding.UTF8.GetBytes(body), contentType));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task The_send_request_is_the_documented_form()
    {
        var request = Adapter.BuildSend(new OutboundText("+14017122661", "Ahoy! Let's build something amazing."));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://fake.local/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages.json", request.RequestUri!.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:12345")),
            request.Headers.Authorization!.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(SharedChannelFiles.Text("twilio-send-message-request.constructed.form"), await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_public_url_each_message_asks_for_status_callbacks()
    {
        var adapter = new TwilioAdapter(new TwilioOptions
        {
            AccountSid = "AC1", AuthToken = "t", FromNumber = "MG0123456789abcdef0123456789abcdef", PublicBaseUrl = "https://crm.example.com/",
        });
        var form = TwilioForm.Parse(await adapter.BuildSend(new OutboundText("+14017122661", "hi")).Content!.ReadAsStringAsync());
        Assert.Equal(
        [
            new("To", "+14017122661"), new("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"), new("Body", "hi"),
            new KeyValuePair<string, string>("StatusCallback", "https://crm.example.com/webhooks/sms/twilio"),
        ], form);
    }

    [Fact]
    public void The_send_answer_gives_the_message_sid()
    {
        const string answer = """
            {"account_sid":"ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","api_version":"2010-04-01","body":"Join Earth's mightiest heroes. Like Kevin Bacon.",
             "direction":"outbound-api","error_code":null,"error_message":null,"from":"+15017122661","num_media":"0","num_segments":"1",
             "sid":"SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX","status":"queued","to":"+15558675310"}
            """;
        Assert.Equal("SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", Adapter.ParseSendResponse(answer));
        Assert.Null(Adapter.ParseSendResponse("""{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}"""));
        Assert.Throws<ArgumentException>(() => Adapter.BuildSend(new OutboundText("+1", new string('x', 1601))));
    }

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1", new[] { "https://mycompany.com/myapp.php?foo=1", "https://mycompany.com:443/myapp.php?foo=1" })]
    [InlineData("http://u:p@Host.com:8080/x", new[] { "http://u:p@Host.com/x", "http://u:p@Host.com:8080/x" })]
    [InlineData("https://[::1]/x", new[] { "https://[::1]/x", "https://[::1]:443/x" })]
    public void Url_variants_toggle_the_port_and_keep_everything_else(string url, string[] expected) =>
        Assert.Equal(expected, TwilioSignature.UrlVariants(url));
}
