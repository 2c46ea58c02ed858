namespace Crm.ServiceModel;

// Integrations (Admin): outgoing webhooks. An endpoint subscribes to events; each event is delivered as
// {id, type, occurredAt, data}, signed with X-Crm-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>.

/// <summary>A registered receiver. The secret is never returned: only whether it is set and its last characters.</summary>
public record WebhookEndpointDto(long Id, string Url, IReadOnlyList<string> Events, bool Enabled, string SecretHint, long CreatedAt, long UpdatedAt);

/// <summary>Creates or changes an endpoint. On a change, a secret left out or null keeps the one stored.</summary>
public class SaveWebhookEndpoint : IReturn<WebhookEndpointDto>
{
    /// <summary>Absolute http or https URL the events are POSTed to, at most 2,000 characters.</summary>
    public string? Url { get; set; }
    /// <summary>The event types to send (see WebhookEventTypes); at least one.</summary>
    public List<string>? Events { get; set; }
    /// <summary>Shared secret for the signature, 16 to 200 characters; required when creating.</summary>
    public string? Secret { get; set; }
    /// <summary>False pauses the endpoint: no deliveries are written for it. True when missing.</summary>
    public bool? Enabled { get; set; }
}

/// <summary>One event sent (or to be sent) to one endpoint; Status is Pending, Retrying, Delivered or Failed.</summary>
public record WebhookDeliveryDto(
    long Id, string EventId, string Type, long? ConversationId, string Status, int Attempts, int? ResponseCode, string? LastError,
    long? NextAttemptAt, long CreatedAt, long? DeliveredAt);

/// <summary>The body of every delivery: a stable id (receivers dedupe on it), the event type, when it happened, and its data.</summary>
public record WebhookEnvelope<TData>(string Id, string Type, long OccurredAt, TData Data);

/// <summary>conversation.created: a customer's contact opened a conversation.</summary>
public record WebhookConversationCreated(long ConversationId, string Channel, long CustomerId, long? QueueId, string State);

/// <summary>conversation.ended: the chat ended (wrap-up began) or closed without being answered.</summary>
public record WebhookConversationEnded(long ConversationId, string Channel, long CustomerId, long? QueueId, string State, long? AgentId);

/// <summary>message.created: a message from the customer (in) or to them (out: agent or bot).</summary>
public record WebhookMessageCreated(
    long ConversationId, long MessageId, string Channel, string Direction, string AuthorKind, string? AuthorName, string Text, long SentAt);

/// <summary>case.created and case.closed.</summary>
public record WebhookCaseChanged(long CaseId, string Subject, string Status, string Priority, long? CustomerId, long? ConversationId);

/// <summary>customer.created.</summary>
public record WebhookCustomerCreated(long CustomerId, string Name);

/// <summary>agent.state_changed: ReasonCode is the break reason when On Break; Cause says who or what moved the agent.</summary>
public record WebhookAgentStateChanged(long AgentId, string State, string? ReasonCode, string Cause, long Since);
