using System.Text;
using Crm.ServiceInterface.Integrations;

namespace Crm.ServiceInterface.Customers;

/// <summary>An identity as stored: kind (phone, email, messenger, x, webchat), normalised address, and how to show it.</summary>
public sealed record IdentityRow(string Kind, string Address, string? Display = null);

/// <summary>The one place customers and their identities are written, so search text can never drift.</summary>
public static class CustomerRows
{
    public static async Task<long> InsertAsync(DbConnection connection, DbTransaction tx, string name, string? notes,
        string customFieldsJson, IReadOnlyList<IdentityRow> identities, long now)
    {
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO customers (name, notes, custom_fields, search_text, created_at, updated_at)
            VALUES (@name, @notes, @customFieldsJson, @searchText, @now, @now) RETURNING id
            """, new { name, notes, customFieldsJson, searchText = SearchText(name, identities), now }, tx);
        foreach (var identity in identities)
            if (!await InsertIdentityAsync(connection, tx, id, identity, now))
                throw IdentityTaken(identity);
        await WebhookEvents.RaiseAsync(connection, tx, WebhookEventType.CustomerCreated, null, now, new WebhookCustomerCreated(id, name));
        return id;
    }

    /// <summary>Adds an identity; false when it already belongs to someone (the unique index decides, also across processes).</summary>
    public static async Task<bool> InsertIdentityAsync(DbConnection connection, DbTransaction tx, long customerId, IdentityRow identity, long now) =>
        await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO customer_identities (customer_id, kind, address, display, tail, created_at)
            VALUES (@customerId, @Kind, @Address, @Display, @tail, @now)
            ON CONFLICT (kind, address) DO NOTHING
            RETURNING id
            """, new { customerId, identity.Kind, identity.Address, identity.Display, tail = Tail(identity), now }, tx) is not null;

    public static async Task<IReadOnlyList<IdentityRow>> IdentitiesAsync(DbConnection connection, DbTransaction? tx, long customerId) =>
        (await connection.QueryAsync<IdentityRow>(
            "SELECT kind, address, display FROM customer_identities WHERE customer_id = @customerId ORDER BY id", new { customerId }, tx)).ToList();

    /// <summary>Recomputes what search matches after the name or identities changed.</summary>
    public static async Task RefreshSearchTextAsync(DbConnection connection, DbTransaction tx, long customerId, long now)
    {
        var name = await connection.ExecuteScalarAsync<string>("SELECT name FROM customers WHERE id = @customerId", new { customerId }, tx);
        var text = SearchText(name ?? "", await IdentitiesAsync(connection, tx, customerId));
        await connection.ExecuteAsync("UPDATE customers SET search_text = @text, updated_at = @now WHERE id = @customerId", new { customerId, text, now }, tx);
    }

    public static ProblemException IdentityTaken(IdentityRow identity) =>
        Problem.Conflict($"The {identity.Kind} identity {identity.Address} already belongs to another customer.");

    /// <summary>The last 9 digits of a phone number: equal tails are candidates for the same person.</summary>
    public static string? Tail(IdentityRow identity) =>
        identity.Kind == IdentityAddress.Phone ? identity.Address[Math.Max(1, identity.Address.Length - 9)..] : null;

    /// <summary>What search matches: the name, emails, handles and phone digits (so "7946 0123" finds "+44 20 7946 0123").</summary>
    public static string SearchText(string name, IEnumerable<IdentityRow> identities)
    {
        var text = new StringBuilder(name.ToLowerInvariant());
        foreach (var identity in identities)
        {
            text.Append(' ').Append(identity.Kind == IdentityAddress.Phone ? identity.Address.TrimStart('+') : identity.Address.ToLowerInvariant());
            if (identity.Display is { Length: > 0 } display && display != identity.Address)
                text.Append(' ').Append(display.ToLowerInvariant());
        }
        return text.ToString();
    }
}
