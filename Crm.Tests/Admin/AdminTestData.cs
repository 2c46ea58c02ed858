using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Admin;

public static class AdminTestData
{
    /// <summary>The audit rows written for one entity, oldest first: who (user id), what (action) and when.</summary>
    public static async Task<IReadOnlyList<(long? UserId, string Action, string? Detail, long At)>> AuditAsync(this CrmApp app, string entity, long entityId)
    {
        await using var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return (await c.QueryAsync<(long? UserId, string Action, string? Detail, long At)>(
            "SELECT user_id, action, detail, created_at FROM audit_log WHERE entity = @entity AND entity_id = @entityId ORDER BY id",
            new { entity, entityId })).ToList();
    }

    public static async Task<long> UserIdAsync(this CrmApp app, string userName)
    {
        await using var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM users WHERE user_name = @userName", new { userName });
    }

    public static async Task<UserDto> CreateUserAsync(this CrmClient admin, string userName, params string[] roles) =>
        await admin.PostAsync("/api/users", new CreateUser
        {
            UserName = userName, DisplayName = userName.ToUpperInvariant(), Password = CrmApp.Password, Roles = [.. roles],
        });

    public static string[] Fields(this System.Text.Json.JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();

    public static string Error(this System.Text.Json.JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
}
