using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Channels;

/// <summary>Delivery and read receipts: a sent message only moves forward (sent, delivered, read) or fails, and the agent sees it live.</summary>
public sealed class MessageStatuses(RoutingStore store, ChannelRegistry channels)
{
    /// <summary>
    /// The platform echoed a message the business sent (Messenger, X). A reply still queued here with the same text went out
    /// even though its send looked failed (a timeout after the platform accepted it): mark it sent, so the retry sends nothing twice.
    /// </summary>
    public Task ApplyEchoAsync(Echo echo, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            if (await change.Connection.ExecuteScalarAsync<long?>("SELECT id FROM messages WHERE channel = @Channel AND channel_message_id = @ChannelMessageId",
                    echo, change.Tx) is not null)
                return; // the echo of a send we already recorded
            var queued = await change.Connection.QueryAsync<(long Id, long ConversationId, string Text, string? AuthorName)>($"""
                SELECT m.id, m.conversation_id, m.text, m.author_name FROM messages m JOIN conversations v ON v.id = m.conversation_id
                WHERE v.channel = @Channel AND v.address = @RecipientAddress AND m.direction = 'out' AND m.status IN {DeliveryStatus.PendingSql} ORDER BY m.id
                """, echo, change.Tx);
            var prefix = channels.Options.AgentNamePrefix;
            foreach (var (id, conversationId, text, authorName) in queued)
                if (AgentName.Prefix(prefix, authorName, text) == echo.Text)
                {
                    await OutboxMessages.SetStatusAsync(change, id, conversationId, DeliveryStatus.Sent, null, echo.ChannelMessageId);
                    return;
                }
        }, ct);

    /// <summary>
    /// A status naming the CRM's reference but an id the outbox never heard (the send timed out after WhatsApp took it): the message went
    /// out, so it is sent now with the provider's id, and its retry finds nothing left to send.
    /// </summary>
    private static async Task<IEnumerable<(long Id, long ConversationId, string Status)>> ByReferenceAsync(
        RoutingTx change, StatusUpdate update, long messageId)
    {
        var row = await change.Connection.QuerySingleOrDefaultAsync<(long Id, long ConversationId, string Status)?>(
            "SELECT id, conversation_id, status FROM messages WHERE id = @messageId AND channel = @Channel AND direction = 'out'",
            new { messageId, update.Channel }, change.Tx);
        if (row is not { } message) return [];
        if (!DeliveryStatus.IsPending(message.Status)) return [message];
        await OutboxMessages.SetStatusAsync(change, message.Id, message.ConversationId, DeliveryStatus.Sent, null, update.ProviderMessageId);
        return [message with { Status = DeliveryStatus.Sent }];
    }

    public Task ApplyAsync(StatusUpdate update, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var c = change.Connection;
            // By the provider's id; or, for a watermark, every message to that person sent at or before it (Messenger).
            var rows = update.ProviderMessageId is { } providerId
                ? await c.QueryAsync<(long Id, long ConversationId, string Status)>(
                    "SELECT id, conversation_id, status FROM messages WHERE channel = @Channel AND channel_message_id = @providerId AND direction = 'out'",
                    new { update.Channel, providerId }, change.Tx)
                : update is { RecipientAddress: { } to, Watermark: { } watermark }
                    ? await c.QueryAsync<(long Id, long ConversationId, string Status)>("""
                        SELECT m.id, m.conversation_id, m.status FROM messages m JOIN conversations v ON v.id = m.conversation_id
                        WHERE v.channel = @Channel AND v.address = @to AND m.direction = 'out' AND m.sent_at <= @watermark AND m.status IN ('sent', 'delivered')
                        """, new { update.Channel, to, watermark }, change.Tx)
                    : [];
            if (!rows.Any() && OutboxReference.MessageId(update.Reference) is { } messageId)
                rows = await ByReferenceAsync(change, update, messageId);
            foreach (var (id, conversationId, status) in rows.Where(r => DeliveryStatus.IsUpgrade(r.Status, update.Status)))
                await OutboxMessages.SetStatusAsync(change, id, conversationId, update.Status, update.Error);
        }, ct);
}
