using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// An agent's action on a customer's public post or comment (like, retweet, hide, unhide, Facebook private reply): a line of the
/// thread the outbox sends to the platform, retried like any reply; a refusal shows on that line in the platform's words.
/// </summary>
public sealed class PublicPostActions(RoutingStore store)
{
    public async Task ActAsync(long conversationId, long agentId, PublicActionKind action, string? text = null, CancellationToken ct = default)
    {
        if (action == PublicActionKind.PrivateReply)
            new Validation().Required(text, "text", "Write the private reply.").MaxLength(text, 2000, "text", "A private reply").ThrowIfInvalid();
        await store.WriteAsync(async change =>
        {
            await PublicPosts.PublicPostOfAsync(change.Connection, change.Tx, conversationId, agentId);
            var conversation = await change.ConversationAsync(conversationId);
            if (!action.Channels.Contains(conversation.Channel))
                throw Problem.Conflict($"{ChannelCatalog.Label(conversation.Channel)} has no {action.Name.Replace('_', ' ')}.");
            var target = await TargetAsync(change.Connection, change.Tx, conversationId)
                ?? throw Problem.Conflict("The customer removed what they wrote: there is nothing left to act on.");
            if (action == PublicActionKind.PrivateReply && await change.Connection.ExecuteScalarAsync<long?>(
                    "SELECT id FROM messages WHERE conversation_id = @conversationId AND public_action = 'private_reply' AND target_id = @target",
                    new { conversationId, target }, change.Tx) is not null)
                throw Problem.Conflict("This comment was already answered in private: Facebook allows one private reply per comment.");
            var agent = await change.AgentAsync(agentId);
            await AppendAsync(change, conversation, action, "agent", agentId, agent.DisplayName, agent.DisplayName, target,
                action == PublicActionKind.PrivateReply ? PlainText.Check(text, "text") : null);
        }, ct);
    }

    /// <summary>Writes the action's line (and for a private reply, the message) and queues it for the outbox.</summary>
    internal static async Task AppendAsync(RoutingTx change, ConversationRow conversation, PublicActionKind action, string authorKind, long? authorId,
        string authorName, string who, string target, string? text)
    {
        var line = action.Line(who, conversation.Channel);
        var sent = action == PublicActionKind.PrivateReply
            ? await change.AppendMessageAsync(conversation, "out", authorKind, authorId, authorName, text!, DeliveryStatus.Queued)
            : await change.AppendMessageAsync(conversation, "system", authorKind, authorId, authorName, line, DeliveryStatus.Queued);
        await change.Connection.ExecuteAsync("UPDATE messages SET public_action = @Name, target_id = @target WHERE id = @Id",
            new { action.Name, target, sent.Id }, change.Tx);
        change.ScheduleOutbox(sent.Id);
        if (action == PublicActionKind.PrivateReply)
            await change.AppendMessageAsync(conversation, "system", "system", null, null, line + ": the customer's answer comes as a Messenger chat", "sent");
    }

    /// <summary>The customer's latest post or comment still there: what a like or hide is on.</summary>
    private static async Task<string?> TargetAsync(DbConnection c, DbTransaction tx, long conversationId) =>
        await c.ExecuteScalarAsync<string?>("""
            SELECT channel_message_id FROM messages
            WHERE conversation_id = @conversationId AND direction = 'in' AND removed_at IS NULL AND channel_message_id IS NOT NULL
            ORDER BY sent_at DESC, id DESC LIMIT 1
            """, new { conversationId }, tx) is { } id ? id.StartsWith("post:", StringComparison.Ordinal) ? id["post:".Length..] : id : null;
}
