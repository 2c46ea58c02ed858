namespace Crm.ServiceModel;

/// <summary>
/// Pushed as "message-status" when a reply's delivery moves on: queued, retrying (with the platform's refusal in
/// <see cref="Error"/> and the next try at <see cref="NextAttemptAt"/>), sent, delivered, read, or failed with the reason.
/// </summary>
public record MessageStatusChanged(long ConversationId, long MessageId, string Status, string? Error, long? NextAttemptAt = null, int SendAttempts = 0);
