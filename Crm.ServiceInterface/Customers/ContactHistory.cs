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

    public static async Task<IReadOnlyList<Interaction>> RecentAsync(DbConnection connection, long customerId, int limit) =>
        (await connection.QueryAsync<Interaction>($"{Interactions} ORDER BY At DESC, Id DESC LIMIT @limit", new { customerId, limit })).ToList();
}
