using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// What happens to a public post after it was stored: the customer edits it (new text, the first one kept for playback) or
/// removes it (marked, still readable), and the page's own comments come back as echoes that settle a reply.
/// </summary>
public sealed class PublicPostChanges(CrmDb db, RoutingStore store, MessageStatuses statuses, ILogger<PublicPostChanges> logger)
{
    public Task EditAsync(PublicPostEdited edit, CancellationToken ct = default) =>
        ChangeAsync(edit.Channel, edit.PostId, """
            UPDATE messages SET original_text = COALESCE(original_text, text), text = @text, edited_at = @at
            WHERE channel = @channel AND channel_message_id = @messageId AND direction = 'in' AND text <> @text
            RETURNING id, conversation_id
            """, new { text = PlainText.Sanitize(edit.Text), at = edit.Timestamp }, ct);

    public Task RemoveAsync(PublicPostRemoved removal, CancellationToken ct = default) =>
        ChangeAsync(removal.Channel, removal.PostId, """
            UPDATE messages SET removed_at = COALESCE(@at, created_at)
            WHERE channel = @channel AND channel_message_id = @messageId AND direction = 'in' AND removed_at IS NULL
            RETURNING id, conversation_id
            """, new { at = removal.Timestamp }, ct);

    /// <summary>The page's own comment: it answers the customer whose thread it is in, so it settles that conversation's pending reply.</summary>
    public async Task EchoAsync(PublicEcho echo, CancellationToken ct = default)
    {
        string? address;
        await using (var c = await db.OpenAsync(ct))
            address = await c.ExecuteScalarAsync<string?>("""
                SELECT v.address FROM conversations v WHERE v.channel = @Channel AND (v.post_id = @ParentId OR EXISTS (
                    SELECT 1 FROM messages m WHERE m.conversation_id = v.id AND m.channel = @Channel AND m.channel_message_id = @parent))
                ORDER BY v.id DESC LIMIT 1
                """, new { echo.Channel, echo.ParentId, parent = PublicPosts.PostMessageId(echo.ParentId ?? "") });
        if (address is null) return; // the page commenting on its own post, or in a thread no customer started here
        await statuses.ApplyEchoAsync(new Echo(echo.Channel, address, echo.PostId, echo.Text, echo.Timestamp), ct);
    }

    private async Task ChangeAsync(string channel, string postId, string sql, object values, CancellationToken ct)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("channel", channel);
        parameters.Add("messageId", PublicPosts.PostMessageId(postId));
        var changed = await store.WriteAsync(async change =>
        {
            var row = await change.Connection.QuerySingleOrDefaultAsync<(long Id, long ConversationId)?>(sql, parameters, change.Tx);
            if (row is not { } message) return false;
            var conversation = await change.ConversationAsync(message.ConversationId);
            var dto = (await ConversationReads.MessagesAsync(change.Connection, change.Tx, message.ConversationId, null)).Single(m => m.Id == message.Id);
            foreach (var audience in await change.AudiencesAsync(conversation, includeCustomer: false))
                await change.EventAsync(audience, new MessageEdited(message.ConversationId, dto));
            return true;
        }, ct);
        // An edit of a post never stored (ignored by a keyword filter, or already the same text) changes nothing.
        if (!changed) logger.LogInformation("Change of public post {Id} on {Channel}: nothing stored to change", postId, channel);
    }
}
