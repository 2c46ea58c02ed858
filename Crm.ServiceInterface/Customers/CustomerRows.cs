using System.Text;

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
            await connection.ExecuteAsync(
                "INSERT INTO customer_identities (customer_id, kind, address, display, created_at) VALUES (@id, @Kind, @Address, @Display, @now)",
                new { id, identity.Kind, identity.Address, identity.Display, now }, tx);
        return id;
    }

    /// <summary>What search matches: the name, emails, handles and phone digits (so "7946 0123" finds "+44 20 7946 0123").</summary>
    public static string SearchText(string name, IEnumerable<IdentityRow> identities)
    {
        var text = new StringBuilder(name.ToLowerInvariant());
        foreach (var identity in identities)
        {
            text.Append(' ').Append(identity.Kind == "phone" ? identity.Address.TrimStart('+') : identity.Address.ToLowerInvariant());
            if (identity.Display is { Length: > 0 } display && display != identity.Address)
                text.Append(' ').Append(display.ToLowerInvariant());
        }
        return text.ToString();
    }
}
