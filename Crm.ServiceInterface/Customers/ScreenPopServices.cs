using Crm.ServiceInterface.Cases;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Customers;

/// <summary>What pops for the agent when a chat is offered: the record, the candidates to pick from, or a new-customer form.</summary>
public sealed class ScreenPopServices(CrmDb db, CasesServices cases, CustomFieldsServices customFields, CustomerOptions options)
{
    public const int RecentCaseCount = 5, RecentInteractionCount = 10, MaxCandidates = 10;

    public async Task<ScreenPop> GetAsync(string channel, string address, string? name, CancellationToken ct = default)
    {
        var identity = IdentityAddress.Normalize(channel, address, null, options.DefaultRegion, "address");
        await using var c = await db.OpenAsync(ct);
        if (await CustomersServices.FindAsync(c, null, identity) is { } id)
        {
            var customer = (await CustomersServices.LoadAsync(c, null, id))!;
            var recent = await cases.ListAsync(null, null, id, null, 1, RecentCaseCount, ct);
            return new ScreenPop("customer", customer, recent.Items, await ContactHistory.RecentAsync(c, id, RecentInteractionCount), [], null);
        }

        var candidates = await CandidatesAsync(c, identity, name);
        return candidates.Count > 0
            ? new ScreenPop("candidates", null, [], [], candidates, null)
            : new ScreenPop("new", null, [], [], [], new NewCustomerForm(identity.Kind, identity.Address, string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
                await customFields.ListAsync(c, null, ct)));
    }

    /// <summary>People who may be this sender: the same phone digits saved with another country code, or the same name the channel gave.</summary>
    private static async Task<IReadOnlyList<CustomerDto>> CandidatesAsync(DbConnection c, IdentityRow identity, string? name)
    {
        var ids = new List<long>();
        if (CustomerRows.Tail(identity) is { } tail)
            ids.AddRange(await c.QueryAsync<long>("SELECT customer_id FROM customer_identities WHERE tail = @tail LIMIT @MaxCandidates", new { tail, MaxCandidates }));
        if (!string.IsNullOrWhiteSpace(name))
            ids.AddRange(await c.QueryAsync<long>("SELECT id FROM customers WHERE name = @name COLLATE NOCASE ORDER BY id DESC LIMIT @MaxCandidates",
                new { name = name.Trim(), MaxCandidates }));
        return await CustomersServices.LoadManyAsync(c, ids.Distinct().Take(MaxCandidates).ToList());
    }
}
