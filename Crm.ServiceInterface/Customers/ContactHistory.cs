namespace Crm.ServiceInterface.Customers;

/// <summary>Every earlier contact with a customer, across channels and agents, newest first.</summary>
public static class ContactHistory
{
    // Every conversation on any channel (with the agent who owned it last) and every case, newest first.
    private const string Entries = """
        SELECT 'case' AS Kind, c.id AS Id, c.channel AS Channel, c.subject AS Summary, u.display_name AS AgentName, c.created_at AS At
        FROM cases c LEFT JOIN users u ON u.id = c.created_by
        WHERE c.customer_id = @customerId
        UNION ALL
        SELECT 'conversation', v.id, v.channel, COALESCE(v.last_message_preview, 'Conversation'),
               (SELECT a.display_name FROM participations p JOIN users a ON a.id = p.agent_id
                WHERE p.conversation_id = v.id AND p.kind <> 'conference' AND p.accepted_at IS NOT NULL ORDER BY p.id DESC LIMIT 1),
               v.created_at
        FROM conversations v
        WHERE v.customer_id = @customerId
        """;

    // Read as a tuple: on an empty result SQLite reports untyped columns, which record constructors cannot be matched against.
    public static async Task<IReadOnlyList<ContactHistoryEntry>> RecentAsync(DbConnection connection, long customerId, int limit, int skip = 0,
        DbTransaction? tx = null) =>
        (await connection.QueryAsync<(string Kind, long Id, string? Channel, string Summary, string? AgentName, long At)>(
            $"{Entries} ORDER BY At DESC, Id DESC LIMIT @limit OFFSET @skip", new { customerId, limit, skip }, tx))
        .Select(r => new ContactHistoryEntry(r.Kind, r.Id, r.Channel, r.Summary, r.AgentName, r.At)).ToList();
}
