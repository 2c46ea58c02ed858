namespace Crm.ServiceInterface.Customers;

/// <summary>Every earlier contact with a customer, across channels and agents, newest first.</summary>
public static class ContactHistory
{
    // Cases saved from chats are the interactions the CRM holds; conversations join this union when routing stores them.
    private const string Interactions = """
        SELECT 'case' AS Kind, c.id AS Id, c.channel AS Channel, c.subject AS Summary, u.display_name AS AgentName, c.created_at AS At
        FROM cases c LEFT JOIN users u ON u.id = c.created_by
        WHERE c.customer_id = @customerId
        """;

    // Read as a tuple: on an empty result SQLite reports untyped columns, which record constructors cannot be matched against.
    public static async Task<IReadOnlyList<Interaction>> RecentAsync(DbConnection connection, long customerId, int limit, int skip = 0, DbTransaction? tx = null) =>
        (await connection.QueryAsync<(string Kind, long Id, string? Channel, string Summary, string? AgentName, long At)>(
            $"{Interactions} ORDER BY At DESC, Id DESC LIMIT @limit OFFSET @skip", new { customerId, limit, skip }, tx))
        .Select(r => new Interaction(r.Kind, r.Id, r.Channel, r.Summary, r.AgentName, r.At)).ToList();
}
