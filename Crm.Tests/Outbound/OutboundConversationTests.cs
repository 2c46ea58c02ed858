using System.Net.Http.Json;
using System.Text.Json;
using Crm.Tests.Routing;

namespace Crm.Tests.Outbound;

/// <summary>The business writes first: an agent from the desktop or the customer's record, an integration by API key; replies land in the same chat.</summary>
public sealed class OutboundConversationTests : IAsyncLifetime
{
    private OutboundTestBed t = null!;

    public async Task InitializeAsync() => t = await OutboundTestBed.StartAsync();

    public async Task DisposeAsync() => await t.DisposeAsync();

    private async Task<long> NewCustomerAsync(string name, string phone) =>
        (await (await t.Bed.AgentAsync("agent1")).PostAsync("/api/customers", new CreateCustomer
        {
            Name = name, Identities = [new IdentityInput { Channel = "phone", Address = phone }],
        })).Id;

    [Fact]
    public async Task An_agent_starts_an_SMS_conversation_it_is_theirs_at_once_and_the_customers_reply_lands_in_it()
    {
        var customerId = await NewCustomerAsync("Olga Outbound", "+16505550177");
        var agent = await t.Bed.AgentAsync("agent1");

        var channels = await agent.GetAsync<List<OutboundChannelDto>>($"/api/customers/{customerId}/outbound-channels");
        Assert.Equal([("sms", true, false), ("whatsapp", true, true)], channels.Select(c => (c.Channel, c.Allowed, c.NeedsTemplate)));
        var started = await agent.PostAsync("/api/conversations",
            new StartConversation { CustomerId = customerId, Channel = "sms", Text = "Your repair is ready." });

        Assert.Equal(("Active", "+16505550177"), (started.State, started.Address));
        Assert.Equal(await t.Bed.IdOfAsync("agent1"), started.OwnerId);
        Assert.Equal("Active", started.Mine?.State);
        await Eventually.TrueAsync(async () => (await t.Bed.ConversationAsync("agent1", started.Id)).Messages.Any(m => m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the SMS sent");
        var sms = Assert.Single(t.Platform.Requests, r => r.PathAndQuery.EndsWith("/Messages.json"));
        Assert.Equal("+16505550177", System.Web.HttpUtility.ParseQueryString(sms.Body)["To"]);

        await t.SmsInAsync("SM000000000000000000000000000reply", "+16505550177", "Great, I'll come by at five.");

        var after = await t.Bed.ConversationAsync("agent1", started.Id);
        Assert.Contains(after.Messages, m => m is { Direction: "in", Text: "Great, I'll come by at five." });
        Assert.Equal(1, await t.ScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE channel = 'sms' AND address = '+16505550177'"));
        var playback = await (await t.Bed.AgentAsync("supervisor")).GetAsync<PlaybackDetail>($"/api/playback/{started.Id}");
        Assert.Contains(playback.Entries, e => e.Kind == PlaybackEntryKind.StartedOutbound && e.Text.EndsWith("started an outbound SMS conversation"));
        Assert.Equal(("agent", (await t.Bed.StateOfAsync("agent1")).DisplayName), (playback.Conversation.StartedBy, playback.Conversation.StartedByName));
    }

    [Fact]
    public async Task A_full_agent_is_refused_in_words_and_nothing_is_stored()
    {
        var first = await NewCustomerAsync("Paula Full", "+16505550178");
        var second = await NewCustomerAsync("Quentin Full", "+16505550179");
        var agent = await t.Bed.AgentAsync("agent1");
        await agent.PostAsync("/api/conversations", new StartConversation { CustomerId = first, Channel = "sms", Text = "Hello" });
        var capacity = (await t.Bed.StateOfAsync("agent1")).Capacity;
        for (var i = 1; i < capacity; i++)
            await agent.PostAsync("/api/conversations",
                new StartConversation { CustomerId = await NewCustomerAsync($"Filler {i}", $"+1650555020{i}"), Channel = "sms", Text = "Hi" });

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, "/api/conversations",
            new StartConversation { CustomerId = second, Channel = "sms", Text = "Hello" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.StartsWith($"You already hold {capacity} of your {capacity} chat", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await t.ScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE customer_id = @second", new { second }));
    }

    [Fact]
    public async Task WhatsApp_to_a_customer_who_never_wrote_takes_a_template_and_free_text_is_refused_before_anything_is_queued()
    {
        await t.RegisterOrderTemplateAsync();
        var customerId = await NewCustomerAsync("Rita Template", "+16505550180");
        var agent = await t.Bed.AgentAsync("agent1");

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, "/api/conversations",
            new StartConversation { CustomerId = customerId, Channel = "whatsapp", Text = "Hi Rita" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("approved message template", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await t.ScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE customer_id = @customerId", new { customerId }));

        var started = await agent.PostAsync("/api/conversations", new StartConversation
        {
            CustomerId = customerId, Channel = "whatsapp",
            Template = new TemplateMessage { Name = "order_delivery_update", Language = "en_US", Parameters = ["Rita", "77"], HeaderParameters = ["77"] },
        });

        Assert.Equal("16505550180", started.Address);
        await Eventually.TrueAsync(async () => (await t.Bed.ConversationAsync("agent1", started.Id)).Messages.Any(m => m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the template sent");
        var sent = JsonDocument.Parse(Assert.Single(t.Platform.Requests).Body).RootElement;
        Assert.Equal(("template", "+16505550180"), (sent.GetProperty("type").GetString(), sent.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task Outbound_by_API_key_creates_the_customer_and_the_conversation_in_one_call_and_a_retry_with_the_same_key_sends_nothing_again()
    {
        using var integration = await t.IntegrationAsync();
        var body = new StartOutbound { Channel = "sms", Address = "(650) 555-0181", Name = "Sam Shopper", Text = "Your order has shipped." };

        var first = await PostOutboundAsync(integration, body, "order-566701");
        var again = await PostOutboundAsync(integration, body, "order-566701");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, again.Status));
        Assert.True(first.Started.CustomerCreated);
        Assert.Equal(("Queued", "+16505550181"), (first.Started.State, first.Started.Address));
        Assert.Equal(first.Started.ConversationId, again.Started.ConversationId);
        Assert.True(again.Started.Replayed);
        using var reuse = new HttpRequestMessage(HttpMethod.Post, "/api/outbound")
        {
            Content = JsonContent.Create(new StartOutbound { Channel = "sms", Address = "(650) 555-0181", Text = "Your refund is on its way." }),
        };
        reuse.Headers.Add("Idempotency-Key", "order-566701");
        using var reused = await integration.SendAsync(reuse);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode); // the same key for another request: refused, nothing sent
        Assert.Contains("different request", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE text = 'Your refund is on its way.'"));
        var customer = await (await t.Bed.AgentAsync("agent1")).GetAsync<CustomerDto>($"/api/customers/{first.Started.CustomerId}");
        Assert.Equal("Sam Shopper", customer.Name);
        await Eventually.TrueAsync(
            async () => await t.ScalarAsync<string>("SELECT status FROM messages WHERE id = @id", new { id = first.Started.MessageId }) == "sent",
            TimeSpan.FromSeconds(10), "the SMS sent");
        Assert.Single(t.Platform.Requests, r => r.PathAndQuery.EndsWith("/Messages.json"));
        // Waiting for the reply, out of the Inbox: nobody is offered a chat the customer has not answered.
        var inbox = await (await t.Bed.AgentAsync("agent1")).GetAsync<ConversationList>("/api/conversations?view=inbox");
        Assert.DoesNotContain(inbox.Groups.SelectMany(g => g.Conversations), c => c.Id == first.Started.ConversationId);

        await t.SmsInAsync("SM000000000000000000000000000shop1", "+16505550181", "Thanks! When will it arrive?");

        await t.Bed.OfferedToAsync("agent1", first.Started.ConversationId);
        var accepted = await t.Bed.AcceptAsync("agent1", first.Started.ConversationId);
        Assert.Equal(["Your order has shipped.", "Thanks! When will it arrive?"],
            accepted.Messages.Where(m => m.Direction != "system").Select(m => m.Text));
    }

    [Fact]
    public async Task Outbound_by_API_key_is_refused_field_by_field_and_WhatsApp_free_text_to_a_new_number_creates_nothing()
    {
        using var integration = await t.IntegrationAsync();

        using var empty = await integration.PostAsJsonAsync("/api/outbound", new { });
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();
        using var whatsApp = await integration.PostAsJsonAsync("/api/outbound",
            new StartOutbound { Channel = "whatsapp", Address = "+16505550182", Text = "Hi" });
        var refusal = await whatsApp.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        foreach (var field in new[] { "channel", "address", "text" }) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.Conflict, whatsApp.StatusCode);
        Assert.Contains("approved message template", refusal.GetProperty("detail").GetString());
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT COUNT(*) FROM customer_identities WHERE address = '+16505550182'"));
    }

    private static async Task<(HttpStatusCode Status, OutboundStarted Started)> PostOutboundAsync(HttpClient http, StartOutbound body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/outbound") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (response.StatusCode, JsonSerializer.Deserialize<OutboundStarted>(text, CrmClient.Json)!);
    }
}
