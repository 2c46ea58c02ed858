using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.ServiceInterface.Integrations;

/// <summary>The events an endpoint can subscribe to, as their names go on the wire.</summary>
public static class WebhookEventType
{
    public const string ConversationCreated = "conversation.created", ConversationEnded = "conversation.ended", MessageCreated = "message.created",
        CaseCreated = "case.created", CaseClosed = "case.closed", CustomerCreated = "customer.created", AgentStateChanged = "agent.state_changed";

    public static readonly IReadOnlyList<string> All =
        [ConversationCreated, ConversationEnded, MessageCreated, CaseCreated, CaseClosed, CustomerCreated, AgentStateChanged];

    /// <summary>Stored as one comma-separated column: the list is short and read with the endpoint.</summary>
    public static IReadOnlyList<string> Parse(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string Store(IEnumerable<string> events) => string.Join(',', events);
}

/// <summary>
/// Writes an event's deliveries into the outbox inside the transaction of the change that causes it: committed together, or not at
/// all. The sweep (<see cref="WebhookSweep"/>) sends them after the commit.
/// </summary>
public static class WebhookEvents
{
    // The API's own JSON shape (camelCase, enums by name), so a receiver reads an event like a REST answer.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// One delivery per enabled endpoint subscribed to <paramref name="type"/>; <paramref name="data"/> is only built when one is.
    /// <paramref name="conversationId"/> orders the deliveries of one conversation. <paramref name="subscriptions"/>: the caller's
    /// copy kept in memory (a routing change's), else read here.
    /// </summary>
    public static async Task RaiseAsync<TData>(DbConnection connection, DbTransaction tx, string type, long? conversationId, long now,
        Func<Task<TData>> data, IReadOnlyList<WebhookSubscription>? subscriptions = null)
    {
        subscriptions ??= await SubscriptionsAsync(connection, tx);
        var endpoints = subscriptions.Where(s => s.Events.Contains(type)).Select(s => s.EndpointId).ToList();
        if (endpoints.Count == 0) return;
        var eventId = "evt_" + Guid.CreateVersion7().ToString("N");
        var body = JsonSerializer.Serialize(new WebhookEnvelope<TData>(eventId, type, now, await data()), Json);
        foreach (var endpointId in endpoints)
            await connection.ExecuteAsync("""
                INSERT INTO webhook_deliveries (endpoint_id, event_id, type, conversation_id, body, status, attempts, next_attempt_at, created_at, retry_from)
                VALUES (@endpointId, @eventId, @type, @conversationId, @body, @pending, 0, @now, @now, @now)
                """, new { endpointId, eventId, type, conversationId, body, pending = WebhookDeliveryStatus.Pending, now }, tx);
    }

    public static Task RaiseAsync<TData>(DbConnection connection, DbTransaction tx, string type, long? conversationId, long now, TData data,
        IReadOnlyList<WebhookSubscription>? subscriptions = null) =>
        RaiseAsync(connection, tx, type, conversationId, now, () => Task.FromResult(data), subscriptions);

    /// <summary>The enabled endpoints and the events each takes.</summary>
    public static async Task<IReadOnlyList<WebhookSubscription>> SubscriptionsAsync(DbConnection connection, DbTransaction? tx) =>
        (await connection.QueryAsync<(long Id, string Events)>("SELECT id, events FROM webhook_endpoints WHERE enabled = 1 ORDER BY id", transaction: tx))
        .Select(e => new WebhookSubscription(e.Id, WebhookEventType.Parse(e.Events))).ToList();
}

/// <summary>An enabled endpoint and the events it subscribed to.</summary>
public sealed record WebhookSubscription(long EndpointId, IReadOnlyList<string> Events);

/// <summary>A delivery's life: sent once the receiver answers 2xx, retried with backoff inside the window, then failed; an admin may send it again.</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "Pending", Retrying = "Retrying", Delivered = "Delivered", Failed = "Failed";

    /// <summary>Still to be sent: the sweep's and the chain's state list.</summary>
    public static readonly string UnsettledSql = "('Pending', 'Retrying')";

    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (Pending, Delivered), (Pending, Retrying), (Pending, Failed),
        (Retrying, Delivered), (Retrying, Retrying), (Retrying, Failed),
        (Delivered, Pending), (Failed, Pending), (Retrying, Pending), // Redeliver (a retrying one now, not at its next attempt)
    ];

    public static bool CanMove(string from, string to) => Allowed.Contains((from, to));

    public static bool IsUnsettled(string status) => status is Pending or Retrying;
}
