using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Tests.Data;

public sealed class RestartTests : IDisposable
{
    private readonly TestFolder folder = new();

    [Fact]
    public async Task A_sign_in_cookie_stays_valid_across_a_restart()
    {
        string cookie;
        using (var first = new CrmApp(folder))
        {
            using var client = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
            var login = await client.PostAsJsonAsync("/api/auth/login", new Login { UserName = "admin", Password = CrmApp.Password });
            login.EnsureSuccessStatusCode();
            cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        }

        using var second = new CrmApp(folder);
        using var again = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        again.DefaultRequestHeaders.Add("Cookie", cookie);

        var me = await again.GetFromJsonAsync<CurrentUser>("/api/auth/me");
        Assert.Equal("admin", me!.UserName);
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_scheduler()
    {
        using var app = new CrmApp(folder);
        using var client = app.CreateClient();

        var health = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/healthz");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
        var openApi = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/auth/login", out _));
    }

    public void Dispose() => folder.Dispose();
}
