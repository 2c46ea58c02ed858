using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Supervision;

/// <summary>Reads and writes of supervisors' parts in chats and of whispers, inside a routing change or on a read connection.</summary>
internal static class ChatSupervisionStore
{

    /// <summary>The supervisors in a chat now, in the order they stepped in.</summary>
    public static async Task<IReadOnlyList<SupervisorInChat>> OpenAsync(DbConnection c, DbTransaction? tx, long conversationId) =>
        (await c.QueryAsync<OpenRow>("""
            SELECT s.conversation_id AS ConversationId, s.supervisor_id AS SupervisorId, u.display_name AS SupervisorName, s.mode, s.changed_at AS Since
            FROM supervisions s JOIN users u ON u.id = s.supervisor_id
            WHERE s.conversation_id = @conversationId AND s.ended_at IS NULL ORDER BY s.id
            """, new { conversationId }, tx)).Select(r => r.ToDto()).ToList();

    /// <summary>The open supervisions of many chats at once (the "Chats in progress" list).</summary>
    public static async Task<ILookup<long, SupervisorInChat>> OpenByConversationAsync(DbConnection c) =>
        (await c.QueryAsync<OpenRow>("""
            SELECT s.conversation_id AS ConversationId, s.supervisor_id AS SupervisorId, u.display_name AS SupervisorName, s.mode, s.changed_at AS Since
            FROM supervisions s JOIN users u ON u.id = s.supervisor_id WHERE s.ended_at IS NULL ORDER BY s.id
            """)).ToLookup(r => r.ConversationId, r => r.ToDto());

    /// <summary>The conversation when this user has barged in and it goes on, so they may write to the customer; else null.</summary>
    public static async Task<ConversationRow?> JoinedConversationAsync(RoutingTx change, long conversationId, long userId)
    {
        var joined = await change.Connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM supervisions WHERE conversation_id = @conversationId AND supervisor_id = @userId AND ended_at IS NULL AND mode = 'Joined'",
            new { conversationId, userId }, change.Tx);
        if (joined is null) return null;
        var conversation = await change.ConversationAsync(conversationId);
        return conversation.State == ConversationState.Active ? conversation : null;
    }

    /// <summary>The chat ended or closed: every supervisor is out of it, and everyone following it is told.</summary>
    public static async Task EndAllAsync(RoutingTx change, ConversationRow conversation)
    {
        var ended = await change.Connection.ExecuteAsync(
            "UPDATE supervisions SET mode = 'Ended', changed_at = @Now, ended_at = @Now WHERE conversation_id = @Id AND ended_at IS NULL",
            new { conversation.Id, change.Now }, change.Tx);
        if (ended == 0) return;
        foreach (var audience in await change.AudiencesAsync(conversation, includeCustomer: false))
            await change.EventAsync(audience, new SupervisionChanged(conversation.Id, []));
    }

    /// <summary>Tells supervisors who is in the chat now; the agents only when what they may see changed.</summary>
    public static async Task PublishAsync(RoutingTx change, ConversationRow conversation, IReadOnlyList<SupervisorInChat> before, bool showMonitor)
    {
        var now = await OpenAsync(change.Connection, change.Tx, conversation.Id);
        var agentsBefore = SupervisionMachine.ForAgents(before, showMonitor);
        var agentsNow = SupervisionMachine.ForAgents(now, showMonitor);
        var agentsChanged = !agentsBefore.Select(s => (s.SupervisorId, s.Mode)).SequenceEqual(agentsNow.Select(s => (s.SupervisorId, s.Mode)));
        foreach (var audience in await change.AudiencesAsync(conversation, includeCustomer: false))
        {
            if (audience == Audience.Supervisors) await change.EventAsync(audience, new SupervisionChanged(conversation.Id, now));
            else if (agentsChanged) await change.EventAsync(audience, new SupervisionChanged(conversation.Id, agentsNow));
        }
    }

    /// <summary>
    /// The whispers of a chat as thread messages (direction "whisper"). Their ids are negative: whispers live apart from
    /// messages, and a thread keyed by id must never mistake one for the other.
    /// </summary>
    public static async Task<IReadOnlyList<MessageDto>> WhispersAsync(DbConnection c, DbTransaction? tx, long conversationId, string? like) =>
        (await c.QueryAsync<WhisperRow>($"""
            SELECT id, author_name AS AuthorName, text, created_at AS CreatedAt FROM whispers
            WHERE conversation_id = @conversationId {(like is null ? "" : "AND lower(text) LIKE @like ESCAPE '\\'")} ORDER BY created_at, id
            """, new { conversationId, like }, tx)).Select(w => ToMessage(w.Id, w.AuthorName, w.Text, w.CreatedAt)).ToList();

    public static MessageDto ToMessage(long id, string authorName, string text, long at) =>
        new(-id, "whisper", "supervisor", authorName, text, null, "sent", null, at);

    /// <summary>Whether this user sees coaching in any chat: supervisors and admins do; agents only in chats they are part of.</summary>
    public static async Task<bool> IsSupervisorAsync(DbConnection c, DbTransaction? tx, long? userId) =>
        userId is { } id && await c.ExecuteScalarAsync<long?>(
            "SELECT user_id FROM user_roles WHERE user_id = @id AND role IN ('Supervisor', 'Admin') LIMIT 1", new { id }, tx) is not null;

    private sealed class OpenRow
    {
        public long ConversationId { get; set; }
        public long SupervisorId { get; set; }
        public string SupervisorName { get; set; } = "";
        public string Mode { get; set; } = "";
        public long Since { get; set; }

        public SupervisorInChat ToDto() => new(SupervisorId, SupervisorName, Enum.Parse<SupervisionMode>(Mode), Since);
    }

    private sealed class WhisperRow
    {
        public long Id { get; set; }
        public string AuthorName { get; set; } = "";
        public string Text { get; set; } = "";
        public long CreatedAt { get; set; }
    }
}
