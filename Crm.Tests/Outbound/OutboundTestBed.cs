using Crm.ServiceInterface.Data;
using Crm.Tests.Channels;
using Crm.Tests.Faults;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Outbound;

/// <summary>The demo contact center with SMS and WhatsApp pointed at one fake platform, and the signers for their webhooks.</summary>
public sealed class OutboundTestBed : IAsyncDisposable
{
    public const string MetaSecret = "meta-app-secret", TwilioToken = "twilio-auth-token", PhoneNumberId = "106540352242922", Waba = "102290129340398";
    public const string BusinessNumber = "+15558675310";

    private OutboundTestBed(FakePlatform platform, RoutingTestBed bed) => (Platform, Bed) = (platform, bed);

    public FakePlatform Platform { get; }
    public RoutingTestBed Bed { get; }
    public MetaSigner Meta { get; } = new(MetaSecret);
    public TwilioSigner Twilio { get; } = new(TwilioToken);

    public static async Task<OutboundTestBed> StartAsync(int capacity = 1)
    {
        var platform = await FakePlatform.StartAsync();
        var bed = new RoutingTestBed(settings: new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:AppSecret"] = MetaSecret, ["Channels:WhatsApp:AccessToken"] = "wa-token", ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:BusinessAccountId"] = Waba, ["Channels:WhatsApp:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:Twilio:AccountSid"] = "AC123", ["Channels:Twilio:AuthToken"] = TwilioToken, ["Channels:Twilio:FromNumber"] = BusinessNumber,
            ["Channels:Twilio:ApiBaseUrl"] = platform.BaseUrl, ["Channels:Twilio:PublicBaseUrl"] = "http://localhost",
        });
        await bed.ReadyAsync("agent1");
        return new OutboundTestBed(platform, bed);
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await Bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return (await c.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>An inbound WhatsApp text, signed; <paramref name="at"/> sets the customer's last-inbound time (and so the 24-hour window).</summary>
    public async Task WhatsAppInAsync(string from, string id, string text, DateTimeOffset at)
    {
        using var http = Bed.App.CreateClient();
        var response = await Meta.PostAsync(http, "/webhooks/whatsapp", MetaPayloads.WhatsAppText(from, id, text, at));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task SmsInAsync(string sid, string from, string text)
    {
        using var http = Bed.App.CreateClient();
        var response = await Twilio.PostSmsAsync(http, sid, from, BusinessNumber, text);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Registers a template as an admin would: header "Order {{1}}", body "Hi {{1}}, your order {{2}} ...".</summary>
    public async Task<WhatsAppTemplateDto> RegisterOrderTemplateAsync() =>
        await (await Bed.AgentAsync("admin")).PostAsync("/api/admin/whatsapp-templates", new SaveWhatsAppTemplate
        {
            Name = "order_delivery_update", Language = "en_US", Category = "UTILITY", HeaderText = "Order {{1}}",
            Body = "Hi {{1}}, your order {{2}} is on its way and will arrive today.",
            Buttons = [new TemplateButtonInput { Type = "QUICK_REPLY", Text = "Track my order" }],
        });

    /// <summary>An API key of the admin user, as an integration would hold it.</summary>
    public async Task<HttpClient> IntegrationAsync()
    {
        var admin = await Bed.AgentAsync("admin");
        var adminId = await ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'admin'");
        var key = await admin.PostAsync($"/api/users/{adminId}/api-keys", new CreateApiKey { Name = "Order system" });
        var http = Bed.App.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Platform.DisposeAsync();
    }
}
