using Crm.ServiceInterface.Cases;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.EntryFlow;
using Crm.ServiceInterface.Integrations;
using Crm.ServiceInterface.Reports;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Conversations;

/// <summary>A customer's message as any channel hands it over, the customer already resolved from the sender's identity.</summary>
public sealed record InboundMessage(
    string Channel, string Address, long CustomerId, bool CustomerCreated, string Text,
    string? ChannelMessageId = null, long? SentAt = null, string? Source = null, string AuthorKind = "customer", string? AuthorName = null,
    bool Public = false, string? PostId = null, bool AutoAnswered = false, string? EntryAddress = null);

public sealed record InboundResult(long ConversationId, long? MessageId, bool NewConversation, bool Duplicate);

/// <summary>
/// Where every channel's inbound message lands, in one transaction: dedupe on the platform's message id, continue the open
/// conversation or open a new one in the channel's entry-point queue (a message after the end opens a new one), append.
/// </summary>
public sealed class InboundMessages(RoutingStore store, CasesServices cases, EntryFlowEngine entryFlow)
{
    public Task<InboundResult> ReceiveAsync(InboundMessage message, CancellationToken ct = default)
    {
        var text = PlainText.Sanitize(message.Text);
        if (text.Length == 0) text = "[empty message]";
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
                WHERE channel = @Channel AND address = @Address AND public = @Public AND state IN {ConversationState.OpenStatesSql}
                ORDER BY id DESC LIMIT 1
                """, message, change.Tx);
            // A public conversation is answered under the customer's latest post.
            if (conversation is not null && message.PostId is not null)
                await c.ExecuteAsync("UPDATE conversations SET post_id = @PostId WHERE id = @Id", new { message.PostId, conversation.Id }, change.Tx);
            var isNew = conversation is null;
            conversation ??= await OpenAsync(change, message);
            var authorName = message.AuthorName ?? (message.AuthorKind == "bot" ? EntryFlowEngine.BotAuthor : null);
            var appended = await change.AppendMessageAsync(conversation, "in", message.AuthorKind, null, authorName,
                text, "received", message.ChannelMessageId, message.SentAt);
            // Only a chat still in the queue has an entry flow to pass: its place there is read once, for both steps below.
            var state = conversation.State == ConversationState.Queued ? await EntryFlowEngine.StateAsync(change, conversation.Id) : null;
            // The reply to an integration's outbound message: it now enters its queue as a new chat would.
            var replied = !isNew && state?.Hold == EntryHold.AwaitingReply && await Outbound.OutboundStarts.ReplyArrivedAsync(change, conversation);
            if (replied) state!.Hold = null;
            if (state is not null) await entryFlow.AfterInboundAsync(change, conversation, isNew || replied, appended, state);
            return new InboundResult(conversation.Id, appended.Id, isNew, false);
        }, ct);
    }

    /// <summary>The queue a new conversation on this channel belongs to: an admin's entry point, else the Crm:Routing:EntryPoints settings.</summary>
    internal static async Task<(long QueueId, long? EntryPointId)> QueueForAsync(RoutingTx change, RoutingOptions options, InboundMessage message)
    {
        var entry = await EntryFlowEngine.MatchAsync(change, message);
        var entryPoint = ChannelCatalog.EntryKindOf(message.Channel, message.Public);
        var queueName = options.EntryPoints.GetValueOrDefault(entryPoint) ?? options.EntryPoints.GetValueOrDefault(message.Channel) ?? options.DefaultQueue;
        var settings = await change.EntryFlowAsync();
        var queueId = entry?.QueueId ?? settings.EnabledQueueNamed(queueName) ?? settings.FirstEnabledQueue()
            ?? throw Problem.Conflict("There is no queue to route this chat to; an admin must create one.");
        return (queueId, entry?.Id);
    }

    private async Task<ConversationRow> OpenAsync(RoutingTx change, InboundMessage message)
    {
        var (queueId, entryPointId) = await QueueForAsync(change, store.Options, message);
        var at = message.SentAt ?? change.Now;
        var linkedId = message.Channel == ChannelName.Messenger ? await PrivateReplyLinkAsync(change, message.Address) : null;
        var id = await change.Connection.ExecuteScalarAsync<long>("""
            INSERT INTO conversations (channel, customer_id, address, queue_id, state, waiting_since, source, customer_created, public, post_id,
                created_at, entry_point_id, business_address, linked_conversation_id)
            VALUES (@Channel, @CustomerId, @Address, @queueId, @state, @at, @Source, @CustomerCreated, @Public, @PostId,
                    @startedAt, @entryPointId, @EntryAddress, @linkedId)
            RETURNING id
            """, new { message.Channel, message.CustomerId, message.Address, queueId, at, message.Source, message.CustomerCreated, message.Public,
                message.PostId,
                startedAt = Math.Min(at, change.Now), // it started with its first message: playback offsets are never negative
                message.EntryAddress,
                entryPointId,
                linkedId,
                // A post answered automatically is settled at once: it never waits in a queue.
                state = message.AutoAnswered ? ConversationState.Closed : ConversationState.Queued }, change.Tx);
        if (message.AutoAnswered)
        {
            await change.Connection.ExecuteAsync("UPDATE conversations SET ended_at = @Now, closed_at = @Now WHERE id = @id",
                new { id, change.Now }, change.Tx);
            await ReportRollup.ConversationClosedAsync(change, id);
            var answered = await change.ConversationAsync(id);
            await change.ConversationWebhookAsync(answered, WebhookEventType.ConversationCreated);
            await change.ConversationWebhookAsync(answered, WebhookEventType.ConversationEnded);
            return answered;
        }
        await cases.ReopenOnNewContactAsync(change.Connection, change.Tx, message.CustomerId, null);
        var conversation = await change.ConversationAsync(id);
        await change.ConversationWebhookAsync(conversation, WebhookEventType.ConversationCreated);
        await change.ConversationEventAsync(conversation, inboxChanged: true);
        change.DispatchNeeded = true;
        return conversation;
    }

    /// <summary>
    /// A Messenger chat that answers an agent's private reply to a Facebook comment is linked to that comment's conversation
    /// (same person: a page-scoped id is the same on the feed and in Messenger). Null when no private reply went to them.
    /// </summary>
    private static Task<long?> PrivateReplyLinkAsync(RoutingTx change, string address) =>
        change.Connection.ExecuteScalarAsync<long?>($"""
            SELECT MAX(m.conversation_id) FROM messages m JOIN conversations f ON f.id = m.conversation_id
            WHERE f.channel = '{ChannelName.Facebook}' AND f.address = @address AND m.public_action = @action
            """, new { address, action = PublicActionKind.PrivateReply.Name }, change.Tx);
}
