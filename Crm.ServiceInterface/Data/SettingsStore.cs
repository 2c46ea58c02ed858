using System.Text.Json;

namespace Crm.ServiceInterface.Data;

/// <summary>Run-time settings as JSON values under a key, in the settings table; a change is audited in the same transaction.</summary>
public static class SettingsStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads inside a caller's transaction, so a decision and the change it leads to see the same value.</summary>
    public static async Task<T?> GetAsync<T>(DbConnection connection, DbTransaction? tx, string key)
    {
        var value = await connection.ExecuteScalarAsync<string?>("SELECT value FROM settings WHERE key = @key", new { key }, tx);
        return value is null ? default : JsonSerializer.Deserialize<T>(value, Json);
    }

    public static async Task SetAsync<T>(DbConnection connection, DbTransaction tx, string key, T value, long? userId, long now)
    {
        var json = JsonSerializer.Serialize(value, Json);
        await connection.ExecuteAsync("""
            INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @json, @now, @userId)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, new { key, json, now, userId }, tx);
        // Settings have no numeric id; the audit row names the key in its detail.
        await AuditLog.WriteAsync(connection, tx, userId, "setting", 0, "changed", $"{key} = {json}", now);
    }
}
