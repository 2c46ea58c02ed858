using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Crm.ServiceInterface.Data;
using Crm.Tests.Channels;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Supervision;

/// <summary>A whisper in a WhatsApp or Messenger chat never reaches the platform; a barged-in supervisor's reply does.</summary>
public sealed class WhisperChannelTests : IAsyncLifetime
{
    private const string MetaSecret = "meta-app-secret", PhoneNumberId = MetaPayloads.PhoneNumberId;
    private FakePlatform platform = null!;
    private RoutingTestBed bed = null!;

    public async Task InitializeAsync()
    {
        platform = await FakePlatform.StartAsync();
        bed = new RoutingTestBed(settings: new Dictionary<string, string?>
        {
            ["Channels:Messenger:AppSecret"] = MetaSecret, ["Channels:Messenger:PageAccessToken"] = "page-token",
            ["Channels:Messenger:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:WhatsApp:AppSecret"] = MetaSecret, ["Channels:WhatsApp:AccessToken"] = "wa-token", ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:ApiBaseUrl"] = platform.BaseUrl,
        });
        await bed.ReadyAsync("agent1");
    }

    public async Task DisposeAsync()
    {
        await bed.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Theory]
    [InlineData("whatsapp")]
    [InlineData("messenger")]
    public async Task A_whisper_sends_nothing_to_the_platform_while_the_barged_in_supervisors_message_is_sent(string channel)
    {
        var (path, address, body) = channel == "whatsapp"
            ? ("/webhooks/whatsapp", "16505551111", MetaPayloads.WhatsAppText("16505551111", "wamid.in-1", "Where is my parcel?", DateTimeOffset.UtcNow))
            : ("/webhooks/messenger", "psid-2001", MetaPayloads.MessengerText("psid-2001", "m_in-1", "Where is my parcel?"));
        await PostMetaAsync(path, body);
        var id = await ConversationIdAsync(channel, address); // stored before the webhook was acknowledged
        Assert.True(id > 0, $"no {channel} conversation with {address}");
        await bed.OfferedToAsync("agent1", id);
        await bed.AcceptAsync("agent1", id);
        var supervisor = await bed.AgentAsync("supervisor");

        var whisper = await supervisor.PostAsync($"/api/conversations/{id}/whisper", new WhisperToAgent { Text = "Coach: check the tracking page" });
        await supervisor.SendAsync<ChatSupervisionDto>(HttpMethod.Post, $"/api/conversations/{id}/barge", null);
        var reply = await supervisor.PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Your parcel arrives tomorrow" });
        Assert.Equal("queued", reply.Status);

        // The barge-in reply reaching the platform proves the outbox ran past the whisper.
        await Eventually.ValueAsync(
            async () => (await bed.ConversationAsync("supervisor", id)).Messages.SingleOrDefault(m => m.Id == reply.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(15), "the supervisor's reply sent");
        var sent = Assert.Single(platform.Requests, r => r.Body.Contains("Your parcel arrives tomorrow"));
        Assert.Equal("POST", sent.Method);
        Assert.DoesNotContain(platform.Requests, r => r.Body.Contains("tracking page"));
        Assert.DoesNotContain(platform.Requests, r => r.Body.Contains("joined the chat"));
        Assert.Contains((await bed.ConversationAsync("agent1", id)).Messages, m => m.Id == whisper.Id && m.Direction == "whisper");
    }

    private async Task<long> ConversationIdAsync(string channel, string address)
    {
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.ExecuteScalarAsync<long?>(
            "SELECT MAX(id) FROM conversations WHERE channel = @channel AND address = @address", new { channel, address }) ?? 0;
    }

    private async Task PostMetaAsync(string path, string body)
    {
        using var http = bed.App.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(MetaSecret), Encoding.UTF8.GetBytes(body));
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(signature));
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
