using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.EntryFlow;
using Crm.ServiceInterface.Integrations;
using Crm.ServiceInterface.Playback;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Outbound;

/// <summary>What the business sends first: a plain text, or a WhatsApp template with its values (the text then is its rendering).</summary>
internal sealed record OutboundContent(string Text, TemplateSend? Template);

/// <summary>Whether the business may write first on a channel now, by its platform's rules, and why not in words.</summary>
internal sealed record WindowCheck(bool TextAllowed, bool TemplateAllowed, long? ClosesAt, string? TextRefusal);

/// <summary>The writes every outbound start shares, inside one routing change: the channel rules, the conversation, the first message.</summary>
internal static class OutboundStarts
{
    public static readonly string[] Channels = [ChannelName.Sms, ChannelName.WhatsApp, ChannelName.Messenger];

    /// <summary>The channel's address for a customer's identity: SMS keeps E.164, WhatsApp ids come without '+'.</summary>
    public static string? AddressFor(string channel, IReadOnlyList<IdentityDto> identities) => channel switch
    {
        ChannelName.Sms => identities.FirstOrDefault(i => i.Channel == Customers.IdentityAddress.Phone)?.Address,
        ChannelName.WhatsApp => identities.FirstOrDefault(i => i.Channel == Customers.IdentityAddress.Phone)?.Address.TrimStart('+'),
        ChannelName.Messenger => identities.FirstOrDefault(i => i.Channel == Customers.IdentityAddress.Messenger)?.Address,
        _ => null,
    };

    public static async Task<WindowCheck> WindowAsync(DbConnection c, DbTransaction? tx, string channel, string address, bool humanAgentTag, long now)
    {
        var closes = await ConversationReads.WindowClosesAtAsync(c, tx, channel, address, humanAgentTag);
        if (closes is null || closes > now) return new WindowCheck(true, channel == ChannelName.WhatsApp, closes, null);
        return channel == ChannelName.WhatsApp
            ? new WindowCheck(false, true, closes, "The customer has not written on WhatsApp in the last 24 hours, so WhatsApp only lets you start with " +
                "an approved message template: choose one instead of free text.")
            : new WindowCheck(false, false, closes, "Messenger only lets a page write within 24 hours of the customer's last message" +
                (humanAgentTag ? " (7 days with the HUMAN_AGENT tag)" : "") + ", and this customer has not written since: reach them on another channel.");
    }

    /// <summary>Refuses, before anything is queued, what the channel's rules do not let go out now.</summary>
    public static async Task CheckAllowedAsync(RoutingTx change, string channel, string address, OutboundContent content, bool humanAgentTag)
    {
        var window = await WindowAsync(change.Connection, change.Tx, channel, address, humanAgentTag, change.Now);
        if (content.Template is null && !window.TextAllowed) throw Problem.Conflict(window.TextRefusal!);
    }

    /// <summary>A new conversation as the start's row of the transition table says, with its first message queued for the outbox.</summary>
    public static async Task<(ConversationRow Conversation, MessageDto Message)> OpenAsync(RoutingTx change, RoutingOptions options, ConversationStart start,
        string channel, string address, long customerId, bool customerCreated, long startedBy, string startedByName, OutboundContent content)
    {
        var opening = ConversationStarts.Of(start);
        var (queueId, entryPointId) = await InboundMessages.QueueForAsync(change, options,
            new InboundMessage(channel, address, customerId, customerCreated, ""));
        var agentId = opening.ParticipationState is null ? (long?)null : startedBy;
        var id = await change.Connection.ExecuteScalarAsync<long>("""
            INSERT INTO conversations (channel, customer_id, address, queue_id, state, owner_id, waiting_since, customer_created, public, created_at,
                entry_point_id, hold, started_by, started_by_user_id)
            VALUES (@channel, @customerId, @address, @queueId, @state, @agentId, @Now, @created, 0, @Now, @entryPointId, @hold, @startedByKind, @startedBy)
            RETURNING id
            """, new { channel, customerId, address, queueId, state = opening.ConversationState, agentId, change.Now, created = customerCreated ? 1 : 0,
                entryPointId, hold = agentId is null ? EntryHold.AwaitingReply : null, startedByKind = opening.StartedBy, startedBy }, change.Tx);
        if (agentId is not null)
        {
            await change.Connection.ExecuteAsync("""
                INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, accepted_at, read_up_to)
                VALUES (@id, @agentId, @kind, @state, @Now, @Now, @Now)
                """, new { id, agentId, kind = opening.ParticipationKind, state = opening.ParticipationState, change.Now }, change.Tx);
            change.ParticipantsChanged(id);
            await change.Connection.ExecuteAsync("UPDATE agent_states SET idle_since = @Now WHERE user_id = @agentId", new { agentId, change.Now }, change.Tx);
        }
        var conversation = await change.ConversationAsync(id);
        await ConversationTimeline.WriteAsync(change.Connection, change.Tx, id, PlaybackEntryKind.StartedOutbound, startedBy,
            $"{startedByName} started an outbound {ChannelCatalog.Label(channel)} conversation", change.Now);
        await change.ConversationWebhookAsync(conversation, WebhookEventType.ConversationCreated);
        await change.ConversationEventAsync(conversation, inboxChanged: false);
        var message = await AppendAsync(change, conversation, agentId is null ? "bot" : "agent", agentId, startedByName, content);
        return (conversation, message);
    }

    /// <summary>The business's message, queued for the outbox, its template kept beside the rendered text.</summary>
    public static async Task<MessageDto> AppendAsync(RoutingTx change, ConversationRow conversation, string authorKind, long? authorId, string authorName,
        OutboundContent content)
    {
        var message = await change.AppendMessageAsync(conversation, "out", authorKind, authorId, authorName, content.Text, DeliveryStatus.Queued);
        if (content.Template is { } template)
            await change.Connection.ExecuteAsync("UPDATE messages SET template = @json WHERE id = @Id",
                new { json = template.ToJson(), message.Id }, change.Tx);
        change.ScheduleOutbox(message.Id);
        return message;
    }

    /// <summary>
    /// The customer answered an integration's message: the conversation leaves its wait and enters its queue now, as a new chat would.
    /// False for any other conversation.
    /// </summary>
    public static async Task<bool> ReplyArrivedAsync(RoutingTx change, ConversationRow conversation)
    {
        if (conversation.State != ConversationState.Queued) return false;
        var released = await change.Connection.ExecuteAsync(
            "UPDATE conversations SET hold = NULL, waiting_since = @Now WHERE id = @Id AND hold = @hold",
            new { conversation.Id, change.Now, hold = EntryHold.AwaitingReply }, change.Tx);
        if (released == 0) return false;
        conversation.WaitingSince = change.Now;
        await change.ConversationEventAsync(conversation, inboxChanged: true);
        change.DispatchNeeded = true;
        return true;
    }
}
