using Crm.ServiceInterface.Cases;

using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Customers;

/// <summary>What pops for the agent when a chat is offered: the record, the candidates to pick from, or a new-customer form.</summary>
public sealed class ScreenPopServices(CrmDb db, CustomFieldsServices customFields, CustomerOptions options)
{
    public const int RecentCaseCount = 5, RecentContactHistoryCount = 10, MaxCandidates = 10;

    /// <summary>The pop for a sender known only by channel and address (and perhaps the name their channel gave).</summary>
    public async Task<ScreenPop> GetAsync(string channel, string address, string? name, CancellationToken ct = default)
    {
        var identity = IdentityAddress.Normalize(channel, address, null, options.DefaultRegion, "address");
        await using var c = await db.OpenAsync(ct);
        if (await CustomersServices.FindAsync(c, null, identity) is { } id)
            return await KnownAsync(c, null, (await CustomersServices.LoadAsync(c, null, id))!);

        var candidates = await CandidatesAsync(c, null, identity, name, null);
        var form = await FormAsync(c, null, identity, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), ct);
        return candidates.Count > 0
            ? new ScreenPop("candidates", null, [], [], candidates, form)
            : new ScreenPop("new", null, [], [], [], form);
    }

    /// <summary>
    /// The pop inside an offer. Customers are created on first contact (8x8), so a record this contact created pops as the
    /// new-customer form to complete, or with the candidates it may duplicate; any other record pops with its history.
    /// </summary>
    public async Task<ScreenPop> ForConversationAsync(DbConnection c, DbTransaction? tx, long? customerId, bool createdByThisContact,
        CancellationToken ct = default)
    {
        var customer = customerId is { } id ? await CustomersServices.LoadAsync(c, tx, id) : null;
        if (customer is null) return new ScreenPop("new", null, [], [], [], null);
        // Once someone completed the record (e.g. before a transfer), it pops as a known customer.
        if (!createdByThisContact || customer.UpdatedAt > customer.CreatedAt) return await KnownAsync(c, tx, customer);

        var identity = customer.Identities.Select(i => new IdentityRow(i.Channel, i.Address, i.Display)).FirstOrDefault();
        var form = identity is null ? null : await FormAsync(c, tx, identity, customer.Name, ct);
        var givenName = CustomersServices.IsGivenName(customer.Name) ? customer.Name : null;
        var candidates = identity is null ? [] : await CandidatesAsync(c, tx, identity, givenName, customer.Id);
        return new ScreenPop(candidates.Count > 0 ? "candidates" : "new", customer, [], [], candidates, form);
    }

    private static async Task<ScreenPop> KnownAsync(DbConnection c, DbTransaction? tx, CustomerDto customer)
    {
        var recent = await CaseReads.RecentAsync(c, tx, customer.Id, RecentCaseCount);
        return new ScreenPop("customer", customer, recent, await ContactHistory.RecentAsync(c, customer.Id, RecentContactHistoryCount, tx: tx), [], null);
    }

    private async Task<NewCustomerForm> FormAsync(DbConnection c, DbTransaction? tx, IdentityRow identity, string? name, CancellationToken ct) =>
        new(identity.Kind, identity.Address, name, await customFields.ListAsync(c, tx, ct));

    /// <summary>People who may be this sender: the same phone digits saved with another country code, or the same name the channel gave.</summary>
    private static async Task<IReadOnlyList<CustomerDto>> CandidatesAsync(DbConnection c, DbTransaction? tx, IdentityRow identity, string? name, long? self)
    {
        var ids = new List<long>();
        if (CustomerRows.Tail(identity) is { } tail)
            ids.AddRange(await c.QueryAsync<long>("SELECT customer_id FROM customer_identities WHERE tail = @tail LIMIT @MaxCandidates",
                new { tail, MaxCandidates }, tx));
        if (!string.IsNullOrWhiteSpace(name))
            ids.AddRange(await c.QueryAsync<long>("SELECT id FROM customers WHERE lower(name) = lower(@name) ORDER BY id DESC LIMIT @MaxCandidates",
                new { name = name.Trim(), MaxCandidates }, tx));
        return await CustomersServices.LoadManyAsync(c, ids.Where(id => id != self).Distinct().Take(MaxCandidates).ToList(), tx);
    }
}
