using Crm.ServiceInterface.Cases;

namespace Crm.ServiceInterface.Routing;

/// <summary>A customer's message as any channel hands it over, the customer already resolved from the sender's identity.</summary>
public sealed record InboundMessage(
    string Channel, string Address, long CustomerId, bool CustomerCreated, string Text,
    string? ChannelMessageId = null, long? SentAt = null, string? Source = null, string AuthorKind = "customer", string? AuthorName = null);

public sealed record InboundResult(long ConversationId, long? MessageId, bool NewConversation, bool Duplicate);

/// <summary>
/// Where every channel's inbound message lands, in one transaction: dedupe on the platform's message id, continue the open
/// conversation or open a new one in the channel's entry-point queue (a message after the end opens a new one), append.
/// </summary>
public sealed class InboundMessages(RoutingStore store, CasesServices cases)
{
    public Task<InboundResult> ReceiveAsync(InboundMessage message, CancellationToken ct = default)
    {
        var text = message.AuthorKind == "customer" ? PlainText.Check(message.Text, "text") : message.Text;
        return store.WriteAsync(async change =>
        {
            var c = change.Connection;
            if (message.ChannelMessageId is { } externalId &&
                await c.QuerySingleOrDefaultAsync<(long Id, long ConversationId)?>(
                    "SELECT id, conversation_id FROM messages WHERE channel = @Channel AND channel_message_id = @externalId",
                    new { message.Channel, externalId }, change.Tx) is { } seen)
                return new InboundResult(seen.ConversationId, seen.Id, false, true);

            var conversation = await c.QuerySingleOrDefaultAsync<ConversationRow>($"""
                SELECT {ConversationRow.Columns} FROM conversations
                WHERE channel = @Channel AND address = @Address AND state IN {ConversationState.OpenStatesSql}
                ORDER BY id DESC LIMIT 1
                """, message, change.Tx);
            var isNew = conversation is null;
            conversation ??= await OpenAsync(change, message);
            var appended = await change.AppendMessageAsync(conversation, "in", message.AuthorKind, null, message.AuthorName ?? (message.AuthorKind == "bot" ? "Customer Virtual Assistant" : null),
                text, "received", message.ChannelMessageId, message.SentAt);
            return new InboundResult(conversation.Id, appended.Id, isNew, false);
        }, ct);
    }

    private async Task<ConversationRow> OpenAsync(RoutingTx change, InboundMessage message)
    {
        var queueName = store.Options.EntryPoints.GetValueOrDefault(message.Channel) ?? store.Options.DefaultQueue;
        var queueId = await change.Connection.ExecuteScalarAsync<long?>("SELECT id FROM queues WHERE name = @queueName", new { queueName }, change.Tx)
            ?? await change.Connection.ExecuteScalarAsync<long?>("SELECT id FROM queues WHERE enabled = 1 ORDER BY id LIMIT 1", transaction: change.Tx)
            ?? throw Problem.Conflict("There is no queue to route this chat to; an admin must create one.");
        var at = message.SentAt ?? change.Now;
        var id = await change.Connection.ExecuteScalarAsync<long>("""
            INSERT INTO conversations (channel, customer_id, address, queue_id, state, waiting_since, source, customer_created, created_at)
            VALUES (@Channel, @CustomerId, @Address, @queueId, 'Queued', @at, @Source, @CustomerCreated, @Now) RETURNING id
            """, new { message.Channel, message.CustomerId, message.Address, queueId, at, message.Source, message.CustomerCreated, change.Now }, change.Tx);
        await cases.ReopenOnNewContactAsync(change.Connection, change.Tx, message.CustomerId, null);
        var conversation = await change.ConversationAsync(id);
        await change.ConversationEventAsync(conversation, inboxChanged: true);
        change.DispatchNeeded = true;
        return conversation;
    }
}
