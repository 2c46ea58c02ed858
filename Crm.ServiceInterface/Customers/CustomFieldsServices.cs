using System.Globalization;
using System.Text.Json;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Customers;

/// <summary>The fields admins add to the customer record (8x8's Local CRM: text, number, date, URL, pick list) and the checks on their values.</summary>
public sealed class CustomFieldsServices(CrmDb db)
{
    public static readonly string[] Types = ["text", "number", "date", "url", "picklist"];

    public async Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(DbConnection? connection = null, DbTransaction? tx = null, CancellationToken ct = default)
    {
        if (connection is null)
        {
            await using var own = await db.OpenAsync(ct);
            return await ListAsync(own, null, ct);
        }
        var rows = await connection.QueryAsync<(long Id, string Key, string Label, string Type, string Options, long SortOrder)>(
            "SELECT id, field_key, label, field_type, options, sort_order FROM custom_field_definitions ORDER BY sort_order, id", transaction: tx);
        return rows
            .Select(r => new CustomFieldDefinition(r.Id, r.Key, r.Label, r.Type, JsonSerializer.Deserialize<string[]>(r.Options) ?? [], (int)r.SortOrder))
            .ToList();
    }

    public async Task<CustomFieldDefinition> CreateAsync(SaveCustomField request, long actorId, CancellationToken ct = default)
    {
        var options = CheckDefinition(request);
        var id = await db.InTransactionAsync(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long?>("""
                INSERT INTO custom_field_definitions (field_key, label, field_type, options, sort_order) VALUES (@Key, @Label, @Type, @options, @SortOrder)
                ON CONFLICT (field_key) DO NOTHING RETURNING id
                """, new { request.Key, request.Label, request.Type, options = JsonSerializer.Serialize(options), request.SortOrder }, tx)
                ?? throw Problem.Conflict($"There is already a custom field '{request.Key}'.");
            await AuditAsync(c, tx, actorId, id, "created", request);
            return id;
        }, ct);
        return new CustomFieldDefinition(id, request.Key, request.Label, request.Type, options, request.SortOrder);
    }

    public async Task<CustomFieldDefinition> UpdateAsync(long id, SaveCustomField request, long actorId, CancellationToken ct = default)
    {
        var options = CheckDefinition(request);
        await db.InTransactionAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(
                "UPDATE custom_field_definitions SET label = @Label, field_type = @Type, options = @options, sort_order = @SortOrder " +
                "WHERE id = @id AND field_key = @Key",
                new { id, request.Key, request.Label, request.Type, options = JsonSerializer.Serialize(options), request.SortOrder }, tx);
            if (changed == 0) throw Problem.NotFound($"There is no custom field {id} with key '{request.Key}' (keys cannot be renamed).");
            await AuditAsync(c, tx, actorId, id, "updated", request);
        }, ct);
        return new CustomFieldDefinition(id, request.Key, request.Label, request.Type, options, request.SortOrder);
    }

    private static Task AuditAsync(DbConnection c, DbTransaction tx, long actorId, long id, string action, SaveCustomField request) =>
        AuditLog.WriteAsync(c, tx, actorId, "custom_field", id, action, $"{request.Label} ({request.Type})", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public Task DeleteAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("DELETE FROM custom_field_definitions WHERE id = @id", new { id }, tx) == 0)
                throw Problem.NotFound($"There is no custom field {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "custom_field", id, "deleted", null, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }, ct);

    /// <summary>The values in their canonical form; each bad one goes into <paramref name="problems"/>. Blank values are dropped.</summary>
    public static Dictionary<string, string> CheckValues(IReadOnlyDictionary<string, string?> values, IReadOnlyList<CustomFieldDefinition> definitions,
        Validation problems)
    {
        var byKey = definitions.ToDictionary(d => d.Key);
        var result = new Dictionary<string, string>();
        foreach (var (key, raw) in values)
        {
            var field = $"customFields.{key}";
            if (!byKey.TryGetValue(key, out var definition))
            {
                problems.Add(field, $"There is no custom field '{key}'.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var value = raw.Trim();
            var (canonical, problem) = definition.Type switch
            {
                "number" => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                    ? (n.ToString(CultureInfo.InvariantCulture), null) : (null, $"{definition.Label} must be a number, like 1234.50."),
                "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? (d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null) : (null, $"{definition.Label} must be a date as YYYY-MM-DD."),
                "url" => Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
                    ? (value, null) : (null, $"{definition.Label} must be a web address starting with http:// or https://."),
                "picklist" => definition.Options.FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase)) is { } option
                    ? (option, null) : (null, $"{definition.Label} must be one of {string.Join(", ", definition.Options)}."),
                _ => value.Length <= MaxTextValue
                    ? (value, (string?)null) : (null, $"{definition.Label} can be at most {MaxTextValue:N0} characters (this one has {value.Length:N0})."),
            };
            if (canonical is not null) result[key] = canonical;
            else problems.Add(field, problem!);
        }
        return result;
    }

    /// <summary>The longest text a custom field holds.</summary>
    public const int MaxTextValue = 1000;

    private static List<string> CheckDefinition(SaveCustomField request)
    {
        var options = request.Options.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        new Validation()
            .When(!Types.Contains(request.Type), "type", $"Choose the field's type: {string.Join(", ", Types)}.")
            .When(request.Type == "picklist" && options.Count == 0, "options", "A pick list needs at least one option.")
            .ThrowIfInvalid();
        return request.Type == "picklist" ? options : [];
    }
}
