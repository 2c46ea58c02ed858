namespace Crm.Tests.Auth;

public sealed class UsersApiTests : IDisposable
{
    private readonly CrmApp app = new();

    [Fact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in_with_their_roles()
    {
        using var admin = await app.SignInAsync("admin");

        var created = await admin.PostAsync("/api/users", new CreateUser
        {
            UserName = "maria", DisplayName = "María López", Email = "maria@example.com", Password = "s3cret-pass", Roles = ["agent", "Supervisor"],
        });
        using var maria = await app.SignInAsync("MARIA", "s3cret-pass");

        Assert.Equal(["Agent", "Supervisor"], created.Roles);
        var me = await maria.GetAsync<CurrentUser>("/api/auth/me");
        Assert.Equal("María López", me.DisplayName);
        Assert.Equal(["Agent", "Supervisor"], me.Roles);
        Assert.Contains(await admin.GetAsync<List<UserDto>>("/api/users"), u => u.UserName == "maria");
    }

    [Fact]
    public async Task A_taken_user_name_is_409_whatever_its_case()
    {
        using var admin = await app.SignInAsync("admin");

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/users",
            new CreateUser { UserName = "ADMIN", DisplayName = "Another", Password = "password-123", Roles = [Roles.Admin] });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("taken", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invalid_users_get_400_naming_each_field_and_nothing_is_stored()
    {
        using var admin = await app.SignInAsync("admin");

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/users",
            new CreateUser { UserName = "no spaces allowed", DisplayName = "", Password = "short", Roles = [] });
        var (badRole, roleProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/users",
            new CreateUser { UserName = "pat", DisplayName = "Pat", Password = "password-123", Roles = ["Agent", "Boss"] });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "userName", "displayName", "password", "roles" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        Assert.Equal(HttpStatusCode.BadRequest, badRole);
        Assert.Contains("'Boss' is not a role", roleProblem.GetProperty("errors").GetProperty("roles")[0].GetString());
        Assert.DoesNotContain(await admin.GetAsync<List<UserDto>>("/api/users"), u => u.UserName == "pat");
    }

    [Fact]
    public async Task An_api_key_acts_as_its_user_until_revoked()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await admin.PostAsync("/api/users",
            new CreateUser { UserName = "integration", DisplayName = "Shop integration", Password = "long-password-1", Roles = [Roles.BackOffice] });
        var key = await admin.PostAsync($"/api/users/{user.Id}/api-keys", new CreateApiKey { Name = "Shop" });
        using var integration = app.Anonymous();
        integration.Http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);

        var me = await integration.GetAsync<CurrentUser>("/api/auth/me");
        Assert.Equal("integration", me.UserName);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.ProblemAsync(HttpMethod.Get, "/api/users")).Status);
        var listed = Assert.Single(await admin.GetAsync<List<ApiKeyDto>>($"/api/users/{user.Id}/api-keys"));
        Assert.Equal(key.Prefix, listed.Prefix);
        Assert.DoesNotContain(key.Key, await (await admin.RawAsync(HttpMethod.Get, $"/api/users/{user.Id}/api-keys")).Content.ReadAsStringAsync());

        (await admin.RawAsync(HttpMethod.Delete, $"/api/api-keys/{key.Id}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
    }

    [Fact]
    public async Task A_made_up_api_key_is_401()
    {
        using var client = app.Anonymous();
        client.Http.DefaultRequestHeaders.Add("X-Api-Key", "crm_00000000_forged");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
