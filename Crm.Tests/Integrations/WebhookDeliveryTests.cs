using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Integrations;

public sealed class WebhookDeliveryTests
{
    // Short backoff and sweep, so a retried delivery arrives within a test's patience.
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Crm:Webhooks:FirstRetrySeconds"] = "1",
        ["Crm:Webhooks:MaxRetrySeconds"] = "1",
        ["Crm:Webhooks:SweepMilliseconds"] = "100",
    };

    private static readonly string[] ChatEvents =
        ["conversation.created", "message.created", "message.created", "case.created", "case.closed", "conversation.ended"];

    [Fact]
    public async Task A_web_chat_end_to_end_reaches_the_receiver_in_order_and_signed()
    {
        await using var receiver = await FakePlatform.StartAsync();
        await using var bed = new RoutingTestBed(settings: FastRetries);
        using var admin = await bed.App.SignInAsync("admin");
        var endpoint = await admin.PostAsync("/api/admin/webhooks", WebhookTestData.Endpoint(receiver));
        var agentId = (await bed.ReadyAsync("agent1")).Id;

        var (_, id) = await bed.ActiveChatAsync("agent1", "Hook Harriet");
        var agent = await bed.AgentAsync("agent1");
        await agent.PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Your order ships today." });
        await agent.PostAsync($"/api/conversations/{id}/save-to-crm", new SaveToCrm { Subject = "Order question" });
        await bed.ActAsync("agent1", id, "end");

        var received = await ReceivedAsync(receiver, r => r.Count(e => e.ConversationId == id) >= ChatEvents.Length);
        Assert.All(received, e => Assert.True(e.SignatureValid, $"{e.Type} {e.Id} has no valid signature"));
        var chat = received.Where(e => e.ConversationId == id).ToList();
        Assert.Equal(ChatEvents, chat.Select(e => e.Type));
        Assert.Equal(["in", "out"], chat.Where(e => e.Type == "message.created").Select(e => e.Data.GetProperty("direction").GetString()));
        Assert.Equal("Your order ships today.", chat[2].Data.GetProperty("text").GetString());
        Assert.Equal("Order question", chat[3].Data.GetProperty("subject").GetString());
        var customerId = chat[0].Data.GetProperty("customerId").GetInt64();
        Assert.Contains(received, e => e.Type == "customer.created" && e.Data.GetProperty("customerId").GetInt64() == customerId);
        Assert.Contains(received, e => e.Type == "agent.state_changed" && e.Data.GetProperty("agentId").GetInt64() == agentId
            && e.Data.GetProperty("state").GetString() == "Available");
        Assert.Equal(received.Count, received.Select(e => e.Id).Distinct().Count());

        var deliveries = await admin.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{endpoint.Id}/deliveries");
        Assert.All(deliveries, d => Assert.Equal("Delivered", d.Status));
        Assert.All(deliveries, d => Assert.Equal(200, d.ResponseCode));
    }

    [Fact]
    public async Task While_the_receiver_is_down_deliveries_are_retried_and_all_arrive_in_order_once_it_is_back()
    {
        await using var receiver = await FakePlatform.StartAsync();
        await using var bed = new RoutingTestBed(settings: FastRetries);
        using var admin = await bed.App.SignInAsync("admin");
        var endpoint = await admin.PostAsync("/api/admin/webhooks",
            WebhookTestData.Endpoint(receiver, "conversation.created", "message.created", "conversation.ended"));
        await receiver.GoDownAsync();
        await bed.ReadyAsync("agent1");

        var (session, id) = await bed.ActiveChatAsync("agent1", "Outage Otto");
        await bed.CustomerSaysAsync(session, "Are you still there?");
        await (await bed.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/messages", new SendMessage { Text = "Yes, one moment." });
        await bed.ActAsync("agent1", id, "end");

        // The first delivery failed at least twice: retries happen, and nothing later overtook it meanwhile.
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(admin, endpoint.Id)).Any(d => d.Status == "Retrying" && d.Attempts >= 2),
            TimeSpan.FromSeconds(20), "a delivery retried while the receiver is down");
        var waiting = await DeliveriesAsync(admin, endpoint.Id);
        Assert.Equal(5, waiting.Count);
        Assert.Contains("could not be reached", waiting.OrderBy(d => d.Id).First().LastError);
        Assert.All(waiting.OrderBy(d => d.Id).Skip(1), d => Assert.Equal(0, d.Attempts));
        Assert.NotNull(waiting.OrderBy(d => d.Id).First().NextAttemptAt);

        await receiver.ComeBackAsync();
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(admin, endpoint.Id)).All(d => d.Status == "Delivered"),
            TimeSpan.FromSeconds(30), "every delivery delivered once the receiver is back");

        var received = receiver.Received();
        Assert.All(received, e => Assert.True(e.SignatureValid));
        var stored = (await DeliveriesAsync(admin, endpoint.Id)).OrderBy(d => d.Id).Select(d => d.EventId).ToList();
        // At least once, no gaps: every stored event arrived, and the first arrival of each is in the conversation's order.
        Assert.Equal(stored, received.Select(e => e.Id).Distinct());
        Assert.Equal(["conversation.created", "message.created", "message.created", "message.created", "conversation.ended"],
            received.DistinctBy(e => e.Id).Select(e => e.Type));
    }

    [Fact]
    public async Task A_delivery_is_written_with_the_change_and_redelivered_with_the_same_id()
    {
        await using var receiver = await FakePlatform.StartAsync();
        await using var bed = new RoutingTestBed(settings: FastRetries);
        using var admin = await bed.App.SignInAsync("admin");
        var endpoint = await admin.PostAsync("/api/admin/webhooks", WebhookTestData.Endpoint(receiver, "customer.created"));
        await (await bed.AgentAsync("agent1")).PostAsync("/api/customers", new CreateCustomer { Name = "Rita Redeliver" });

        var first = (await ReceivedAsync(receiver, r => r.Count >= 1)).Single();
        Assert.Equal("customer.created", first.Type);
        Assert.Equal("Rita Redeliver", first.Data.GetProperty("name").GetString());
        var delivery = Assert.Single(await DeliveriesAsync(admin, endpoint.Id));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(admin, endpoint.Id))[0].Status == "Delivered", TimeSpan.FromSeconds(10), "delivered");

        await admin.PostAsync<WebhookDeliveryDto>($"/api/admin/webhooks/{endpoint.Id}/deliveries/{delivery.Id}/redeliver", null!);
        var again = await ReceivedAsync(receiver, r => r.Count >= 2);
        Assert.Equal(first.Id, again[1].Id);
        Assert.Equal(first.Body, again[1].Body);
        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'webhook_endpoint' AND action = 'redelivered'"));
    }

    private static Task<List<WebhookDeliveryDto>> DeliveriesAsync(CrmClient admin, long endpointId) =>
        admin.GetAsync<List<WebhookDeliveryDto>>($"/api/admin/webhooks/{endpointId}/deliveries");

    private static Task<IReadOnlyList<ReceivedEvent>> ReceivedAsync(FakePlatform receiver, Func<IReadOnlyList<ReceivedEvent>, bool> enough) =>
        Eventually.ValueAsync(() => Task.FromResult(receiver.Received() is var r && enough(r) ? r : null), TimeSpan.FromSeconds(20), "webhook deliveries");
}
