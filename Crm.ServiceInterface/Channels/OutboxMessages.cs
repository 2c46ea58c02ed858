using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Channels;

/// <summary>The one place an outbound message's delivery status changes, so the desktop always hears of it.</summary>
internal static class OutboxMessages
{
    /// <summary>
    /// The outbox's own outcome of one attempt, applied only while the message is still pending: an echo or a status webhook may
    /// have settled it meanwhile (or moved it on to delivered), and a late answer must not take that back.
    /// </summary>
    public static async Task SettleAsync(RoutingTx change, long messageId, long conversationId, string status, string? error, int attempts,
        string? providerId = null, long? nextAttemptAt = null)
    {
        var current = await change.Connection.ExecuteScalarAsync<string>("SELECT status FROM messages WHERE id = @messageId", new { messageId }, change.Tx);
        if (current is not null && DeliveryStatus.IsPending(current))
            await SetStatusAsync(change, messageId, conversationId, status, error, providerId, nextAttemptAt, attempts);
        else if (providerId is not null)
            await change.Connection.ExecuteAsync("UPDATE messages SET channel_message_id = COALESCE(channel_message_id, @providerId) WHERE id = @messageId",
                new { messageId, providerId }, change.Tx);
    }

    public static async Task SetStatusAsync(RoutingTx change, long messageId, long conversationId, string status, string? error, string? providerId = null,
        long? nextAttemptAt = null, int? attempts = null)
    {
        var sendAttempts = await change.Connection.ExecuteScalarAsync<int>("""
            UPDATE messages SET status = @status, error = @error, channel_message_id = COALESCE(@providerId, channel_message_id),
                next_attempt_at = @nextAttemptAt, send_attempts = COALESCE(@attempts, send_attempts)
            WHERE id = @messageId RETURNING send_attempts
            """, new { messageId, status, error, providerId, nextAttemptAt, attempts }, change.Tx);
        var conversation = await change.ConversationAsync(conversationId);
        var changed = new MessageStatusChanged(conversationId, messageId, status, error, nextAttemptAt, sendAttempts);
        foreach (var audience in await change.AudiencesAsync(conversation, includeCustomer: false))
            await change.EventAsync(audience, changed);
        if (status == DeliveryStatus.Failed)
            await change.AppendMessageAsync(conversation, "system", "system", null, null,
                $"A message could not be delivered to the customer{(string.IsNullOrWhiteSpace(error) ? "" : ": " + error)}", "sent");
    }
}
