using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>The supervisor's view of the chats the entry flow holds, and "Route now": one held chat goes to its queue at once, audited.</summary>
public sealed class HeldChats(CrmDb db, RoutingStore store, EntryFlowEngine flow)
{
    public async Task<IReadOnlyList<HeldChatDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<HeldRow>($"""
            SELECT v.id AS ConversationId, cu.name AS CustomerName, v.channel AS Channel,
                   CASE WHEN e.id IS NULL THEN NULL WHEN e.address IS NULL THEN e.channel ELSE e.channel || ' ' || e.address END AS EntryPoint,
                   q.name AS Queue, v.hold AS Hold, v.waiting_since AS Since, v.held_until AS Until
            FROM conversations v JOIN queues q ON q.id = v.queue_id
            LEFT JOIN customers cu ON cu.id = v.customer_id LEFT JOIN entry_points e ON e.id = v.entry_point_id
            WHERE v.state = {StateSql.Of(ConversationState.Queued)} AND v.hold IS NOT NULL ORDER BY v.waiting_since, v.id
            """)).Select(h => new HeldChatDto(
                h.ConversationId, h.CustomerName, h.Channel, h.EntryPoint, h.Queue, EntryHold.KindOf(h.Hold), h.Since, h.Until)).ToList();
    }

    // Properties, not the record's constructor: with no rows SQLite reports expression columns' types loosely.
    private sealed class HeldRow
    {
        public long ConversationId { get; set; }
        public string? CustomerName { get; set; }
        public string Channel { get; set; } = "";
        public string? EntryPoint { get; set; }
        public string Queue { get; set; } = "";
        public string Hold { get; set; } = "";
        public long Since { get; set; }
        public long? Until { get; set; }
    }

    /// <summary>Into the queue now, past the hours, the emergency or the bot: the supervisor decided; the customer's waiting ends.</summary>
    public Task RouteNowAsync(long conversationId, long supervisorId, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(conversationId);
            var state = await EntryFlowEngine.StateAsync(change, conversationId);
            if (conversation.State != ConversationState.Queued || state.Hold is null)
                throw Problem.Conflict("That chat is not held any more: it is already in its queue or with an agent.");
            await change.AppendMessageAsync(conversation, "system", "system", null, null, "A supervisor routed the chat now", "sent");
            await flow.ReleaseAsync(change, conversation, "routed now by a supervisor");
            await AuditLog.WriteAsync(change.Connection, change.Tx, supervisorId, "conversation", conversationId, "routed_now",
                $"held: {state.Hold}", change.Now);
        }, ct);
}
