using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Cases;

/// <summary>Rows the cases tests need that belong to other features (customers are written here directly, by SQL).</summary>
public static class CaseTestData
{
    public static async Task<long> AddCustomerAsync(this CrmApp app, string name)
    {
        await using var connection = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO customers (name, created_at, updated_at) VALUES (@name, 0, 0) RETURNING id", new { name });
    }

    public static async Task<long> UserIdAsync(this CrmApp app, string userName)
    {
        await using var connection = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT id FROM users WHERE user_name = @userName", new { userName });
    }

    public static async Task<long> CountAsync(this CrmApp app, string table)
    {
        await using var connection = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    public static Task<CaseDto> PostCaseAsync(this CrmClient client, string url, object? body = null) =>
        client.SendAsync<CaseDto>(HttpMethod.Post, url, body);
}
