using Crm.ServiceInterface.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.BadInput;

/// <summary>
/// One caller per role, each an API key of its own user and no cookies, so that a call under test (logout, deactivate user 1,
/// revoke key 1) cannot sign the next call out: a caller that finds itself signed out gets a fresh user and key.
/// </summary>
public sealed class RoleCallers(CrmApp app) : IDisposable
{
    public const string Stranger = "stranger";

    /// <summary>The callers in the order the tests report them: every role, then nobody signed in.</summary>
    public static readonly IReadOnlyList<string> All = [Roles.Admin, Roles.Supervisor, Roles.BackOffice, Roles.Agent, Stranger];

    private readonly Dictionary<string, HttpClient> clients = [];
    private int renewals;

    public async Task<HttpClient> ForAsync(string role)
    {
        if (clients.TryGetValue(role, out var client)) return client;
        client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (role != Stranger) client.DefaultRequestHeaders.Add("X-Api-Key", await NewKeyAsync(role));
        clients[role] = client;
        return client;
    }

    /// <summary>After a 401 to a role: true (and a fresh caller) when the call itself had signed the caller out.</summary>
    public async Task<bool> RenewIfSignedOutAsync(string role)
    {
        if (role == Stranger) return false;
        var client = await ForAsync(role);
        using var me = await client.GetAsync("/api/auth/me");
        if (me.IsSuccessStatusCode) return false;
        client.Dispose();
        clients.Remove(role);
        await ForAsync(role);
        return true;
    }

    private async Task<string> NewKeyAsync(string role)
    {
        var users = app.Services.GetRequiredService<UsersServices>();
        var n = Interlocked.Increment(ref renewals);
        var user = await users.CreateAsync(new CreateUser
        {
            UserName = $"caller-{role.ToLowerInvariant()}-{n}", DisplayName = $"{role} caller {n}", Password = "caller-password-1", Roles = [role],
        }, null);
        return (await users.CreateApiKeyAsync(user.Id, new CreateApiKey { Name = "tests" }, null)).Key;
    }

    public void Dispose()
    {
        foreach (var client in clients.Values) client.Dispose();
    }
}
