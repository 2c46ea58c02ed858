using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Crm.ServiceInterface.Supervision;

namespace Crm.ServiceInterface.Conversations;

/// <summary>How conversations are read for the desktop: the thread, the participants, the Inbox and "Assigned to you" lists.</summary>
internal static class ConversationReads
{
    // The parts an agent's "Assigned to you" list shows: chats they hold and chats they still have to wrap up.
    private static readonly string AssignedSql = StateSql.List([ParticipationState.Active, ParticipationState.WrapUp]);

    public static async Task<IReadOnlyList<MessageDto>> MessagesAsync(DbConnection c, DbTransaction? tx, long conversationId, string? q)
    {
        var like = Like(q);
        var filter = like is null ? "" : "AND lower(text) LIKE @like ESCAPE '\\'";
        return (await c.QueryAsync<MessageRow>($"""
            SELECT id, direction, author_kind AS AuthorKind, author_name AS AuthorName, text, channel_message_id AS ChannelMessageId,
                   status, error, sent_at AS SentAt, next_attempt_at AS NextAttemptAt, send_attempts AS SendAttempts, public_action AS PublicAction,
                   edited_at AS EditedAt, original_text AS OriginalText, removed_at AS RemovedAt
            FROM messages WHERE conversation_id = @conversationId {filter} ORDER BY sent_at, id
            """, new { conversationId, like }, tx))
            .Select(m => new MessageDto(m.Id, m.Direction, m.AuthorKind, m.AuthorName, m.Text, m.ChannelMessageId, m.Status, m.Error, m.SentAt,
                    m.NextAttemptAt, m.SendAttempts)
                { PublicAction = m.PublicAction, EditedAt = m.EditedAt, OriginalText = m.OriginalText, RemovedAt = m.RemovedAt }).ToList();
    }

    /// <summary>The LIKE pattern for a search inside a conversation, or null when there is none.</summary>
    private static string? Like(string? q) =>
        string.IsNullOrWhiteSpace(q) ? null : SqlLike.Contains(q.Trim());

    /// <summary>When the platform stops accepting free text to this address (WhatsApp, Messenger), or null when it never does.</summary>
    public static async Task<long?> WindowClosesAtAsync(DbConnection c, DbTransaction? tx, string channel, string address, bool humanAgentTag)
    {
        if (Crm.ServiceInterface.Channels.MessagingWindow.ClosesAt(channel, 0, humanAgentTag) is null) return null;
        var lastInbound = await c.ExecuteScalarAsync<long?>("""
            SELECT MAX(m.sent_at) FROM messages m JOIN conversations v ON v.id = m.conversation_id
            WHERE v.channel = @channel AND v.address = @address AND m.direction = 'in'
            """, new { channel, address }, tx);
        return Crm.ServiceInterface.Channels.MessagingWindow.ClosesAt(channel, lastInbound ?? 0, humanAgentTag);
    }

    public static async Task<ConversationDto?> LoadAsync(DbConnection c, DbTransaction? tx, long id, long? viewerId, string? q, bool humanAgentTag = false)
    {
        var row = await c.QuerySingleOrDefaultAsync<DetailRow>("""
            SELECT v.id, v.channel, v.address, v.state, v.queue_id AS QueueId, q.name AS QueueName, v.customer_id AS CustomerId, cu.name AS CustomerName,
                   v.owner_id AS OwnerId, o.display_name AS OwnerName, v.source, v.waiting_since AS WaitingSince, v.created_at AS CreatedAt,
                   v.ended_at AS EndedAt, v.closed_at AS ClosedAt, q.transaction_codes_mandatory AS Mandatory, v.public AS Public,
                   COALESCE(v.linked_conversation_id, (SELECT MAX(l.id) FROM conversations l WHERE l.linked_conversation_id = v.id))
                       AS LinkedConversationId
            FROM conversations v JOIN queues q ON q.id = v.queue_id LEFT JOIN customers cu ON cu.id = v.customer_id
            LEFT JOIN users o ON o.id = v.owner_id
            WHERE v.id = @id
            """, new { id }, tx);
        if (row is null) return null;
        var participants = (await c.QueryAsync<ParticipantRow>("""
            SELECT p.id, p.agent_id AS AgentId, u.display_name AS AgentName, p.kind, p.state, p.offered_at AS OfferedAt, p.expires_at AS ExpiresAt,
                   p.accepted_at AS AcceptedAt
            FROM participations p JOIN users u ON u.id = p.agent_id WHERE p.conversation_id = @id ORDER BY p.id
            """, new { id }, tx))
            .Select(p => new ParticipantDto(p.Id, p.AgentId, p.AgentName, p.Kind, p.State, p.OfferedAt, p.ExpiresAt, p.AcceptedAt)).ToList();
        var mine = participants.LastOrDefault(p => p.AgentId == viewerId);
        var messages = await MessagesAsync(c, tx, id, q);
        // Coaching is for the chat's agents and supervisors: merged into their thread, never into what the customer reads.
        if (mine is not null || await ChatSupervisionStore.IsSupervisorAsync(c, tx, viewerId))
            messages = messages.Concat(await ChatSupervisionStore.WhispersAsync(c, tx, id, Like(q))).OrderBy(m => m.SentAt).ThenBy(m => m.Id).ToList();
        return new ConversationDto(row.Id, row.Channel, row.Address, row.State, row.QueueId, row.QueueName, row.CustomerId, row.CustomerName,
            row.OwnerId, row.OwnerName, row.Source, row.WaitingSince, row.CreatedAt, row.EndedAt, row.ClosedAt,
            participants, messages, mine, row.Mandatory,
            row.Public ? null : await WindowClosesAtAsync(c, tx, row.Channel, row.Address, humanAgentTag), row.Public)
        {
            AddressFormatted = IdentityAddress.Formatted(row.Channel, row.Address),
            LinkedConversationId = row.LinkedConversationId,
        };
    }

    /// <summary>Inbox: what waits in the agent's queues. Assigned to you: the chats the agent holds or still has to wrap up.</summary>
    public static async Task<ConversationList> ListAsync(DbConnection c, long agentId, string view, bool everyQueue)
    {
        var sql = view == "assigned"
            ? $"""
              SELECT v.id, v.channel, v.state, q.name AS QueueName, v.customer_id AS CustomerId, cu.name AS CustomerName, v.address,
                     v.last_message_at AS LastMessageAt, v.last_message_preview AS LastMessagePreview, v.waiting_since AS WaitingSince,
                     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'in' AND m.created_at > p.read_up_to) AS Unread
              FROM participations p JOIN conversations v ON v.id = p.conversation_id JOIN queues q ON q.id = v.queue_id
              LEFT JOIN customers cu ON cu.id = v.customer_id
              WHERE p.agent_id = @agentId AND p.state IN {AssignedSql}
              ORDER BY COALESCE(v.last_message_at, v.created_at) DESC
              """
            : $"""
              SELECT v.id, v.channel, v.state, q.name AS QueueName, v.customer_id AS CustomerId, cu.name AS CustomerName, v.address,
                     v.last_message_at AS LastMessageAt, v.last_message_preview AS LastMessagePreview, v.waiting_since AS WaitingSince,
                     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'in') AS Unread
              FROM conversations v JOIN queues q ON q.id = v.queue_id LEFT JOIN customers cu ON cu.id = v.customer_id
              WHERE v.state IN {ConversationState.WaitingSql} AND v.hold IS NULL
                {(everyQueue ? "" : "AND v.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = @agentId)")}
              ORDER BY v.returned DESC, v.waiting_since
              """;
        var items = (await c.QueryAsync<ListRow>(sql, new { agentId })).Select(r => new ConversationListItem(r.Id, r.Channel, r.State, r.QueueName,
            r.CustomerId, r.CustomerName, r.Address, r.LastMessageAt, r.LastMessagePreview, r.Unread, r.WaitingSince)
        {
            AddressFormatted = IdentityAddress.Formatted(r.Channel, r.Address),
        }).ToList();
        var groups = items.GroupBy(i => i.Channel)
            .Select(g => new ConversationGroup(g.Key, g.ToList(), g.Sum(i => i.Unread))).OrderBy(g => g.Channel).ToList();
        return new ConversationList(view, items.Count, groups);
    }

    public static string Transcript(IEnumerable<MessageDto> messages) =>
        string.Join("\n", messages.Select(m => $"[{DateTimeOffset.FromUnixTimeMilliseconds(m.SentAt):yyyy-MM-dd HH:mm}] {TranscriptAuthor(m)}: {m.Text}"));

    private static string TranscriptAuthor(MessageDto m) =>
        m.AuthorKind switch { "customer" => "Customer", "system" => "—", _ => m.AuthorName ?? "Agent" };

    private sealed class MessageRow
    {
        public long Id { get; set; }
        public string Direction { get; set; } = "";
        public string AuthorKind { get; set; } = "";
        public string? AuthorName { get; set; }
        public string Text { get; set; } = "";
        public string? ChannelMessageId { get; set; }
        public string Status { get; set; } = "";
        public long? NextAttemptAt { get; set; }
        public int SendAttempts { get; set; }
        public string? Error { get; set; }
        public long SentAt { get; set; }
        public string? PublicAction { get; set; }
        public long? EditedAt { get; set; }
        public string? OriginalText { get; set; }
        public long? RemovedAt { get; set; }
    }

    private sealed class DetailRow : ConversationHeadRow
    {
        public long QueueId { get; set; }
        public long? OwnerId { get; set; }
        public string? OwnerName { get; set; }
        public string? Source { get; set; }
        public long WaitingSince { get; set; }
        public long CreatedAt { get; set; }
        public long? EndedAt { get; set; }
        public long? ClosedAt { get; set; }
        public bool Mandatory { get; set; }
        public bool Public { get; set; }
        public long? LinkedConversationId { get; set; }
    }

    private sealed class ParticipantRow
    {
        public long Id { get; set; }
        public long AgentId { get; set; }
        public string AgentName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public long OfferedAt { get; set; }
        public long? ExpiresAt { get; set; }
        public long? AcceptedAt { get; set; }
    }

    private sealed class ListRow : ConversationHeadRow
    {
        public long? LastMessageAt { get; set; }
        public string? LastMessagePreview { get; set; }
        public long WaitingSince { get; set; }
        public int Unread { get; set; }
    }
}
