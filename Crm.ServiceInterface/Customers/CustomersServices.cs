using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Customers;

/// <summary>The result of finding the customer behind a first message.</summary>
public sealed record ResolvedCustomer(long Id, bool Created);

/// <summary>The Local CRM's customers: known by every identity, found by any fragment, merged when they turn out to be one person.</summary>
public sealed partial class CustomersServices(CrmDb db, TimeProvider time, CustomerOptions options, CustomFieldsServices customFields)
{
    public const int MaxPageSize = 100;
    private const int CountCap = 1000;

    /// <summary>Tables whose customer_id follows a merge. Features that reference customers add themselves here.</summary>
    private static readonly string[] CustomerReferences = ["cases", "conversations", "webchat_sessions"];

    [GeneratedRegex(@"^[\d\s+().\-/]+$")]
    private static partial Regex PhoneFragment();

    public async Task<CustomerDto> CreateAsync(CreateCustomer request, long? actorId, CancellationToken ct = default)
    {
        var problems = new Validation();
        var identities = NormalizeAll(request.Identities, problems);
        var id = await db.InTransactionAsync(async (c, tx) =>
        {
            var fields = CustomFieldsServices.CheckValues(request.CustomFields, await customFields.ListAsync(c, tx, ct), problems);
            problems.ThrowIfInvalid();
            var now = time.NowMs();
            var id = await CustomerRows.InsertAsync(c, tx, request.Name.Trim(), Blank(request.Notes), JsonSerializer.Serialize(fields), identities, now);
            await AuditLog.WriteAsync(c, tx, actorId, "customer", id, "created", Describe(identities), now);
            return id;
        }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<CustomerDto> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await LoadAsync(c, null, id) ?? throw NotFound(id);
    }

    public async Task<CustomerDto> UpdateAsync(long id, UpdateCustomer request, long actorId, CancellationToken ct = default)
    {
        var problems = new Validation();
        var wanted = NormalizeAll(request.Identities, problems);
        await db.InTransactionAsync(async (c, tx) =>
        {
            var before = await LoadAsync(c, tx, id) ?? throw NotFound(id);
            var fields = CustomFieldsServices.CheckValues(request.CustomFields, await customFields.ListAsync(c, tx, ct), problems);
            problems.ThrowIfInvalid();
            var now = time.NowMs();
            await c.ExecuteAsync("UPDATE customers SET name = @name, notes = @notes, custom_fields = @fields WHERE id = @id",
                new { id, name = request.Name.Trim(), notes = Blank(request.Notes), fields = JsonSerializer.Serialize(fields) }, tx);

            var current = before.Identities.Select(i => (Kind: i.Channel, i.Address)).ToHashSet();
            var removed = before.Identities.Where(i => !wanted.Any(w => w.Kind == i.Channel && w.Address == i.Address)).ToList();
            var added = wanted.Where(w => !current.Contains((w.Kind, w.Address))).ToList();
            foreach (var gone in removed)
                await c.ExecuteAsync(
                    "DELETE FROM customer_identities WHERE customer_id = @id AND kind = @Channel AND address = @Address",
                    new { id, gone.Channel, gone.Address }, tx);
            foreach (var identity in added)
                if (!await CustomerRows.InsertIdentityAsync(c, tx, id, identity, now)) throw CustomerRows.IdentityTaken(identity);
            foreach (var kept in wanted.Where(w => current.Contains((w.Kind, w.Address))))
                await c.ExecuteAsync("UPDATE customer_identities SET display = @Display WHERE kind = @Kind AND address = @Address", kept, tx);
            await CustomerRows.RefreshSearchTextAsync(c, tx, id, now);

            var changes = new List<string>();
            if (before.Name != request.Name.Trim()) changes.Add($"name '{before.Name}' -> '{request.Name.Trim()}'");
            if (before.Notes != Blank(request.Notes)) changes.Add("notes");
            if (!SameFields(fields, before.CustomFields)) changes.Add("custom fields");
            changes.AddRange(added.Select(a => $"+{a.Kind} {a.Address}"));
            changes.AddRange(removed.Select(r => $"-{r.Channel} {r.Address}"));
            await AuditLog.WriteAsync(c, tx, actorId, "customer", id, "updated", changes.Count == 0 ? "no change" : string.Join("; ", changes), now);
        }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Search over name, email, handle and phone digits; an empty query lists the newest customers.</summary>
    public async Task<Paged<CustomerDto>> SearchAsync(string? q, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var (where, parameters) = SearchFilter(q);
        parameters.Add("take", pageSize);
        parameters.Add("skip", (page - 1) * pageSize);
        parameters.Add("cap", CountCap + 1);

        await using var c = await db.OpenAsync(ct);
        var ids = (await c.QueryAsync<long>($"SELECT id FROM ({where}) AS found ORDER BY id DESC LIMIT @take OFFSET @skip", parameters)).ToList();
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM ({where} LIMIT @cap) AS found", parameters);
        var customers = await LoadManyAsync(c, ids);
        return new Paged<CustomerDto>(customers, Math.Min(total, CountCap), page, pageSize, total > CountCap);
    }

    public async Task<CustomerDto?> LookupAsync(string channel, string address, CancellationToken ct = default)
    {
        var identity = IdentityAddress.Normalize(channel, address, null, options.DefaultRegion, "address");
        await using var c = await db.OpenAsync(ct);
        var id = await FindAsync(c, null, identity);
        return id is null ? null : await LoadAsync(c, null, id.Value);
    }

    /// <summary>
    /// The customer behind a first message, created when nobody has this identity yet. Safe under concurrency:
    /// the unique identity index decides, so 20 simultaneous first messages make one customer.
    /// </summary>
    public async Task<ResolvedCustomer> ResolveOrCreateAsync(string channel, string address, string? profileName, string? handle = null,
        CancellationToken ct = default)
    {
        var identity = IdentityAddress.Normalize(channel, address, handle, options.DefaultRegion, "address");
        await using (var read = await db.OpenAsync(ct))
            if (await FindAsync(read, null, identity) is { } known) return new ResolvedCustomer(known, false); // most messages: no write lock

        return await db.InTransactionAsync(async (c, tx) =>
        {
            if (await FindAsync(c, tx, identity) is { } raced) return new ResolvedCustomer(raced, false);
            var now = time.NowMs();
            var name = string.IsNullOrWhiteSpace(profileName) ? DisplayName(identity) : profileName.Trim();
            var id = await CustomerRows.InsertAsync(c, tx, name, null, "{}", [identity], now);
            await AuditLog.WriteAsync(c, tx, null, "customer", id, "created", $"First contact over {channel}: {identity.Kind} {identity.Address}", now);
            return new ResolvedCustomer(id, true);
        }, ct);
    }

    /// <summary>Moves the other customer's identities, cases and conversations onto <paramref name="id"/>; the other is then gone.</summary>
    public async Task<CustomerDto> MergeAsync(long id, long otherId, long actorId, CancellationToken ct = default)
    {
        if (id == otherId) throw Problem.Invalid("otherId", "A customer cannot be merged with itself.");
        await db.InTransactionAsync(async (c, tx) =>
        {
            var target = await LoadAsync(c, tx, id) ?? throw NotFound(id);
            var other = await LoadAsync(c, tx, otherId) ?? throw NotFound(otherId);
            var now = time.NowMs();
            await c.ExecuteAsync("UPDATE customer_identities SET customer_id = @id WHERE customer_id = @otherId", new { id, otherId }, tx);
            foreach (var table in CustomerReferences)
                await c.ExecuteAsync($"UPDATE {table} SET customer_id = @id WHERE customer_id = @otherId", new { id, otherId }, tx);

            // The surviving record keeps its own values and gains what only the duplicate knew.
            var fields = other.CustomFields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value);
            foreach (var (key, value) in target.CustomFields.Where(f => f.Value is not null)) fields[key] = value;
            var notes = string.Join("\n\n", new[] { target.Notes, other.Notes }.Where(n => !string.IsNullOrWhiteSpace(n)));
            await c.ExecuteAsync("UPDATE customers SET custom_fields = @fields, notes = @notes WHERE id = @id",
                new { id, fields = JsonSerializer.Serialize(fields), notes = Blank(notes) }, tx);
            await c.ExecuteAsync("DELETE FROM customers WHERE id = @otherId", new { otherId }, tx);
            await CustomerRows.RefreshSearchTextAsync(c, tx, id, now);
            var merged = Describe(other.Identities.Select(i => new IdentityRow(i.Channel, i.Address)));
            await AuditLog.WriteAsync(c, tx, actorId, "customer", id, "merged", $"Merged #{otherId} {other.Name} ({merged})", now);
            await AuditLog.WriteAsync(c, tx, actorId, "customer", otherId, "merged into", $"#{id} {target.Name}", now);
        }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var entries = (await c.QueryAsync<AuditEntry>("""
            SELECT a.created_at AS At, u.user_name AS UserName, a.action AS Action, a.detail AS Detail, u.display_name AS ActorName
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.entity = 'customer' AND a.entity_id = @id ORDER BY a.id
            """, new { id })).ToList();
        return entries.Count == 0 && await LoadAsync(c, null, id) is null ? throw NotFound(id) : entries;
    }

    /// <summary>The customer's contact history across channels and agents, newest first.</summary>
    public async Task<IReadOnlyList<ContactHistoryEntry>> ContactHistoryAsync(long id, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<long?>("SELECT id FROM customers WHERE id = @id", new { id }) is null) throw NotFound(id);
        return await ContactHistory.RecentAsync(c, id, pageSize, (Math.Max(1, page) - 1) * pageSize);
    }

    internal static async Task<long?> FindAsync(DbConnection c, DbTransaction? tx, IdentityRow identity) =>
        await c.ExecuteScalarAsync<long?>("SELECT customer_id FROM customer_identities WHERE kind = @Kind AND address = @Address", identity, tx);

    internal static async Task<CustomerDto?> LoadAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await LoadManyAsync(c, [id], tx)).SingleOrDefault();

    internal static async Task<IReadOnlyList<CustomerDto>> LoadManyAsync(DbConnection c, IReadOnlyList<long> ids, DbTransaction? tx = null)
    {
        if (ids.Count == 0) return [];
        var rows = (await c.QueryAsync<(long Id, string Name, string? Notes, string CustomFields, long CreatedAt, long UpdatedAt)>(
            $"SELECT id, name, notes, custom_fields, created_at, updated_at FROM customers WHERE id {SqlDialect.Of(c).InList("@ids")}",
            new { ids }, tx)).ToDictionary(r => r.Id);
        var identities = (await c.QueryAsync<(long CustomerId, string Kind, string Address, string? Display)>(
            $"SELECT customer_id, kind, address, display FROM customer_identities WHERE customer_id {SqlDialect.Of(c).InList("@ids")} ORDER BY id",
            new { ids }, tx))
            .ToLookup(i => i.CustomerId, i => new IdentityDto(i.Kind, i.Address, i.Display) { Formatted = IdentityAddress.Formatted(i.Kind, i.Address) });
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).Select(r => new CustomerDto(r.Id, r.Name, r.Notes,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(r.CustomFields) ?? [], identities[r.Id].ToList(), r.CreatedAt, r.UpdatedAt)).ToList();
    }

    private (string Sql, DynamicParameters Parameters) SearchFilter(string? q)
    {
        var parameters = new DynamicParameters();
        var text = (q ?? "").Trim().ToLowerInvariant();
        if (text.Length == 0) return ("SELECT id FROM customers", parameters);

        // A phone fragment in any format is matched on its digits; a leading trunk 0 is not in E.164.
        var terms = PhoneFragment().IsMatch(text) && text.Count(char.IsAsciiDigit) >= 3
            ? [new string(text.Where(char.IsAsciiDigit).ToArray()) is var digits && digits.TrimStart('0').Length >= 3 ? digits.TrimStart('0') : digits]
            : WordTerms(text);
        if (terms.All(t => t.Length >= 3) && db.Dialect.TrigramMatchSql is { } match)
        {
            parameters.Add("match", string.Join(" AND ", terms.Select(t => $"\"{t}\"")));
            return (match, parameters);
        }
        // Trigrams need three characters: shorter terms scan, newest first (on PostgreSQL the trigram index serves this LIKE).
        var clauses = terms.Select((t, i) => { parameters.Add($"t{i}", SqlLike.Contains(t)); return $"search_text LIKE @t{i} ESCAPE '\\'"; });
        return ($"SELECT id FROM customers WHERE {string.Join(" AND ", clauses)}", parameters);
    }

    /// <summary>Every identity normalised; each bad one and each listed twice goes into <paramref name="problems"/>.</summary>
    private List<IdentityRow> NormalizeAll(IReadOnlyList<IdentityInput> inputs, Validation problems)
    {
        var rows = inputs
            .Select((input, i) => problems.Try(() =>
                IdentityAddress.Normalize(input.Channel, input.Address, input.Display, options.DefaultRegion, $"identities[{i}].address")))
            .OfType<IdentityRow>().ToList();
        foreach (var twice in rows.GroupBy(r => (r.Kind, r.Address)).Where(g => g.Count() > 1))
            problems.Add("identities", $"The {twice.Key.Kind} identity {twice.Key.Address} is listed twice.");
        return rows;
    }

    /// <summary>Whether a name is a person's, as opposed to the placeholder a first contact gets (a number, "Web chat visitor").</summary>
    public static bool IsGivenName(string name) =>
        name.Any(char.IsLetter) && !name.StartsWith("Messenger user ", StringComparison.Ordinal) && name != WebChatVisitor;

    private const string WebChatVisitor = "Web chat visitor";

    internal static string DisplayName(IdentityRow identity) => identity.Kind switch
    {
        IdentityAddress.X when identity.Display is { } handle => handle,
        IdentityAddress.Messenger => $"Messenger user {identity.Address[^Math.Min(4, identity.Address.Length)..]}",
        IdentityAddress.WebChat => WebChatVisitor,
        _ => identity.Address,
    };

    private static string Describe(IEnumerable<IdentityRow> identities) => string.Join(", ", identities.Select(i => $"{i.Kind} {i.Address}"));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Quotes are dropped so a term cannot break out of the full-text match expression.
    private static string[] WordTerms(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Replace("\"", ""))
            .Where(t => t.Length > 0)
            .ToArray();

    // Fields cleared before (null values) count as absent, as they are in the checked values.
    private static bool SameFields(Dictionary<string, string> fields, IReadOnlyDictionary<string, string?> before) =>
        fields.OrderBy(f => f.Key).SequenceEqual(before
            .Where(f => f.Value is not null)
            .Select(f => KeyValuePair.Create(f.Key, f.Value!))
            .OrderBy(f => f.Key));

    private static ProblemException NotFound(long id) => Problem.NotFound($"There is no customer {id}.");
}
