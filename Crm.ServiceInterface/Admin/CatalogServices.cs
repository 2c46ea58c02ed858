using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Admin;

/// <summary>Wrap-up reasons, transaction codes and break reasons: create, edit, reorder, retire; every change audited.</summary>
public sealed class CatalogServices(CrmDb db, TimeProvider time)
{
    public async Task<IReadOnlyList<CatalogItemDto>> ListAsync(Catalog catalog, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ReadAsync(c, null, catalog, null);
    }

    /// <summary>The names agents pick from, in order: what the desktop offers (retired ones are not).</summary>
    public async Task<IReadOnlyList<string>> ActiveNamesAsync(Catalog catalog, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>($"SELECT name FROM {catalog.Table} WHERE active = 1 ORDER BY position, id")).ToList();
    }

    public Task<CatalogItemDto> CreateAsync(Catalog catalog, SaveCatalogItem request, long actorId, CancellationToken ct = default)
    {
        var (name, code) = Check(catalog, request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            await EnsureUniqueAsync(c, tx, catalog, name, code, null);
            var now = time.NowMs();
            var id = await c.ExecuteScalarAsync<long>($"""
                INSERT INTO {catalog.Table} (name, {(catalog.HasCode ? "code, " : "")}active, position)
                VALUES (@name, {(catalog.HasCode ? "@code, " : "")}1, (SELECT COALESCE(MAX(position), 0) + 1 FROM {catalog.Table})) RETURNING id
                """, new { name, code }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, catalog.Entity, id, "created", Describe(name, code), now);
            return await ReadOneAsync(c, tx, catalog, id);
        }, ct);
    }

    public Task<CatalogItemDto> UpdateAsync(Catalog catalog, long id, SaveCatalogItem request, long actorId, CancellationToken ct = default)
    {
        var (name, code) = Check(catalog, request);
        return db.InTransactionAsync(async (c, tx) =>
        {
            var before = await ReadOneAsync(c, tx, catalog, id);
            await EnsureUniqueAsync(c, tx, catalog, name, code, id);
            await c.ExecuteAsync(
                $"UPDATE {catalog.Table} SET name = @name{(catalog.HasCode ? ", code = @code" : "")} WHERE id = @id",
                new { id, name, code }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, catalog.Entity, id, "updated",
                $"{Describe(before.Name, before.Code)} -> {Describe(name, code)}", time.NowMs());
            return await ReadOneAsync(c, tx, catalog, id);
        }, ct);
    }

    /// <summary>Retired: no longer offered to agents, still readable on old cases and reports.</summary>
    public Task<CatalogItemDto> RetireAsync(Catalog catalog, long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var item = await ReadOneAsync(c, tx, catalog, id);
            if (item.Retired) return item;
            await c.ExecuteAsync($"UPDATE {catalog.Table} SET active = 0 WHERE id = @id", new { id }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, catalog.Entity, id, "retired", Describe(item.Name, item.Code), time.NowMs());
            return await ReadOneAsync(c, tx, catalog, id);
        }, ct);

    public async Task<IReadOnlyList<CatalogItemDto>> ReorderAsync(Catalog catalog, ReorderCatalog request, long actorId, CancellationToken ct = default)
    {
        var ids = await OrderAsync(db, catalog.Table, request.Ids, catalog.Label, ct);
        return await db.InTransactionAsync(async (c, tx) =>
        {
            for (var i = 0; i < ids.Count; i++)
                await c.ExecuteAsync($"UPDATE {catalog.Table} SET position = @position WHERE id = @id", new { id = ids[i], position = i + 1 }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, catalog.Entity, 0, "reordered", string.Join(", ", ids), time.NowMs());
            return await ReadAsync(c, tx, catalog, null);
        }, ct);
    }

    /// <summary>A reorder's ids, checked: each once, each an item of the list; a 400 in words otherwise.</summary>
    internal static async Task<IReadOnlyList<long>> OrderAsync(CrmDb db, string table, List<long>? given, string label, CancellationToken ct)
    {
        var ids = given ?? [];
        var problems = new Validation()
            .When(ids.Count == 0, "ids", $"Give the {label}s in their new order.")
            .When(ids.Distinct().Count() != ids.Count, "ids", $"Each {label} appears once in the new order.");
        await using var c = await db.OpenAsync(ct);
        var known = (await c.QueryAsync<long>($"SELECT id FROM {table}")).ToHashSet();
        foreach (var unknown in ids.Where(id => !known.Contains(id)).Distinct()) problems.Add("ids", $"There is no {label} {unknown}.");
        problems.ThrowIfInvalid();
        return ids;
    }

    private static (string Name, string? Code) Check(Catalog catalog, SaveCatalogItem request)
    {
        var name = request.Name?.Trim();
        var code = request.Code?.Trim();
        var problems = new Validation()
            .Required(name, "name", $"Give the {catalog.Label} a name.")
            .MaxLength(name, Catalog.NameMax, "name", "The name");
        if (catalog.HasCode)
            problems.Required(code, "code", "Give the transaction code a code, e.g. SALE-NEW.").MaxLength(code, Catalog.CodeMax, "code", "The code");
        problems.ThrowIfInvalid();
        return (name!, catalog.HasCode ? code : null);
    }

    private static async Task EnsureUniqueAsync(DbConnection c, DbTransaction tx, Catalog catalog, string name, string? code, long? id)
    {
        var value = catalog.HasCode ? code : name;
        var taken = await c.QuerySingleOrDefaultAsync<(long Id, bool Active)?>(
            $"SELECT id, active FROM {catalog.Table} WHERE lower({catalog.UniqueColumn}) = lower(@value) AND id <> COALESCE(@id, -1)", new { value, id }, tx);
        if (taken is not { } other) return;
        var field = catalog.UniqueColumn;
        var message = other.Active
            ? $"There is already a {catalog.Label} '{value}'."
            : $"A retired {catalog.Label} is called '{value}'; old cases still show it, so choose another {(catalog.HasCode ? "code" : "name")}.";
        throw new ProblemException(409, "Conflict", message, new Dictionary<string, string[]> { [field] = [message] });
    }

    private static string Describe(string name, string? code) => code is null ? name : $"{code} {name}";

    private static async Task<CatalogItemDto> ReadOneAsync(DbConnection c, DbTransaction tx, Catalog catalog, long id) =>
        (await ReadAsync(c, tx, catalog, id)).SingleOrDefault() ?? throw Problem.NotFound($"There is no {catalog.Label} {id}.");

    private static async Task<IReadOnlyList<CatalogItemDto>> ReadAsync(DbConnection c, DbTransaction? tx, Catalog catalog, long? id) =>
        (await c.QueryAsync<(long Id, string Name, string? Code, int Position, bool Active)>($"""
            SELECT id, name, {(catalog.HasCode ? "code" : "NULL")}, position, active FROM {catalog.Table}
            WHERE @id IS NULL OR id = @id ORDER BY active DESC, position, id
            """, new { id }, tx)).Select(r => new CatalogItemDto(r.Id, r.Name, r.Code, r.Position, !r.Active)).ToList();
}
