using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Conversations;

/// <summary>
/// What admins configure for the end of a chat: wrap-up reasons, transaction codes, in the order admins set (the FAQ lives in Admin/FaqServices).
/// </summary>
public sealed class WrapUpCatalog(CrmDb db)
{
    public async Task<IReadOnlyList<WrapUpReasonDto>> ReasonsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long Id, string Name)>("SELECT id, name FROM wrapup_reasons WHERE active = 1 ORDER BY position, id"))
            .Select(r => new WrapUpReasonDto(r.Id, r.Name)).ToList();
    }

    public async Task<IReadOnlyList<TransactionCodeDto>> CodesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long Id, string Code, string Name)>("SELECT id, code, name FROM transaction_codes WHERE active = 1 ORDER BY position, id"))
            .Select(r => new TransactionCodeDto(r.Id, r.Code, r.Name)).ToList();
    }

    /// <summary>The reasons as ids, each checked to exist; a 400 names the first unknown one.</summary>
    internal static async Task<IReadOnlyList<long>> ReasonIdsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<long> ids)
    {
        var known = (await c.QueryAsync<long>(
            $"SELECT id FROM wrapup_reasons WHERE id {SqlDialect.Of(c).InList("@ids")} AND active = 1", new { ids }, tx)).ToHashSet();
        var unknown = ids.FirstOrDefault(id => !known.Contains(id));
        return unknown == 0 ? ids.Distinct().ToList() : throw Problem.Invalid("reasonIds", $"There is no wrap-up reason {unknown}.");
    }

    /// <summary>Transaction codes given by code ("SALE-NEW") or id, as ids; a 400 names the first unknown one.</summary>
    internal static async Task<IReadOnlyList<long>> CodeIdsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<string> codes)
    {
        var all = (await c.QueryAsync<(long Id, string Code)>("SELECT id, code FROM transaction_codes WHERE active = 1", transaction: tx)).ToList();
        var ids = new List<long>();
        foreach (var given in codes.Select(g => g.Trim()).Where(g => g.Length > 0))
        {
            var match = all.FirstOrDefault(a => string.Equals(a.Code, given, StringComparison.OrdinalIgnoreCase) || a.Id.ToString() == given);
            ids.Add(match.Id != 0 ? match.Id : throw Problem.Invalid("transactionCodes", $"There is no transaction code '{given}'."));
        }
        return ids.Distinct().ToList();
    }
}
