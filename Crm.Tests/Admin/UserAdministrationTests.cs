namespace Crm.Tests.Admin;

/// <summary>PUT /api/users/{id} and reset-password, unlock, deactivate, activate: each audited, each for admins only.</summary>
public sealed class UserAdministrationTests : IDisposable
{
    private readonly CrmApp app = new();

    [Fact]
    public async Task An_admin_edits_display_name_email_and_roles_all_problems_at_once_and_a_change_of_roles_ends_the_session()
    {
        using var admin = await app.SignInAsync("admin");
        var maria = await admin.CreateUserAsync("maria", Roles.Agent);
        using var session = await app.SignInAsync("maria");

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Put, $"/api/users/{maria.Id}",
            new UpdateUser { DisplayName = "", Email = "not-mail", Roles = ["Boss"] });
        var (empty, _) = await admin.ProblemAsync(HttpMethod.Put, $"/api/users/{maria.Id}", new { });
        var sameRoles = await admin.SendAsync<UserDto>(HttpMethod.Put, $"/api/users/{maria.Id}",
            new UpdateUser { DisplayName = "María López", Email = "maria@example.com", Roles = ["agent"] });
        var stillIn = await session.GetAsync<CurrentUser>("/api/auth/me");
        var promoted = await admin.SendAsync<UserDto>(HttpMethod.Put, $"/api/users/{maria.Id}",
            new UpdateUser { DisplayName = "María López", Email = "maria@example.com", Roles = ["Agent", "Supervisor"] });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["displayName", "email", "roles"], problem.Fields());
        Assert.Equal("'Boss' is not a role; the roles are Agent, Supervisor, BackOffice, Admin.", problem.Error("roles"));
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(("María López", "maria@example.com"), (sameRoles.DisplayName, sameRoles.Email));
        Assert.Equal("maria", stillIn.UserName);
        Assert.Equal(["Agent", "Supervisor"], promoted.Roles);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
        using var again = await app.SignInAsync("maria");
        Assert.Equal(["Agent", "Supervisor"], (await again.GetAsync<CurrentUser>("/api/auth/me")).Roles);
        Assert.Equal(["created", "updated", "updated"], (await app.AuditAsync("user", maria.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task An_admin_cannot_take_their_own_admin_role_or_deactivate_themselves()
    {
        using var admin = await app.SignInAsync("admin");
        var adminId = await app.UserIdAsync("admin");

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Put, $"/api/users/{adminId}", new UpdateUser { DisplayName = "Admin", Roles = ["Agent"] });
        var (self, _) = await admin.ProblemAsync(HttpMethod.Post, $"/api/users/{adminId}/deactivate");
        var (unknown, _) = await admin.ProblemAsync(HttpMethod.Post, "/api/users/9999/deactivate");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("You cannot take the Admin role from yourself", problem.Error("roles"));
        Assert.Equal(HttpStatusCode.Conflict, self);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task A_deactivated_users_cookie_and_api_key_stop_at_once_they_cannot_sign_in_and_activation_lets_them_back()
    {
        using var admin = await app.SignInAsync("admin");
        var pat = await admin.CreateUserAsync("pat", Roles.Agent, Roles.BackOffice);
        var key = await admin.PostAsync($"/api/users/{pat.Id}/api-keys", new CreateApiKey { Name = "Shop" });
        using var cookie = await app.SignInAsync("pat");
        await cookie.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });
        using var integration = app.Anonymous();
        integration.Http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        Assert.Equal("pat", (await cookie.GetAsync<CurrentUser>("/api/auth/me")).UserName);
        Assert.Equal("pat", (await integration.GetAsync<CurrentUser>("/api/auth/me")).UserName);

        var deactivated = await admin.SendAsync<UserDto>(HttpMethod.Post, $"/api/users/{pat.Id}/deactivate", null);

        Assert.True(deactivated.Deactivated);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
        using var retry = app.Anonymous();
        var (signIn, problem) = await retry.ProblemAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "pat", Password = CrmApp.Password });
        Assert.Equal(HttpStatusCode.Forbidden, signIn);
        Assert.Contains("deactivated", problem.GetProperty("detail").GetString());
        var (wrong, _) = await retry.ProblemAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "pat", Password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.DoesNotContain(await admin.GetAsync<List<AgentDto>>("/api/agents"), a => a.Id == pat.Id);
        Assert.True((await admin.GetAsync<List<AdminAgentDto>>("/api/admin/agents")).Single(a => a.Id == pat.Id).Deactivated);
        Assert.True((await admin.GetAsync<List<UserDto>>("/api/users")).Single(u => u.Id == pat.Id).Deactivated);

        await admin.SendAsync<UserDto>(HttpMethod.Post, $"/api/users/{pat.Id}/activate", null);
        using var back = await app.SignInAsync("pat");
        Assert.Equal("pat", (await back.GetAsync<CurrentUser>("/api/auth/me")).UserName);
        Assert.Equal("Offline", (await back.GetAsync<AgentDto>("/api/agents/me")).State);
        Assert.Equal(["created", "deactivated", "activated"], (await app.AuditAsync("user", pat.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_locked_out_user_is_unlocked_and_a_reset_password_works_at_once_and_ends_the_old_sessions()
    {
        using var admin = await app.SignInAsync("admin");
        var lee = await admin.CreateUserAsync("lee", Roles.BackOffice);
        using var old = await app.SignInAsync("lee");
        using var guesser = app.Anonymous();
        for (var i = 0; i < 5; i++) await guesser.RawAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "lee", Password = "wrong-password" });
        Assert.Equal((HttpStatusCode)423, (await guesser.ProblemAsync(HttpMethod.Post, "/api/auth/login",
            new Login { UserName = "lee", Password = CrmApp.Password })).Status);
        Assert.NotNull((await admin.GetAsync<List<UserDto>>("/api/users")).Single(u => u.Id == lee.Id).LockedUntil);

        var unlocked = await admin.SendAsync<UserDto>(HttpMethod.Post, $"/api/users/{lee.Id}/unlock", null);
        using var afterUnlock = await app.SignInAsync("lee");
        Assert.Equal("lee", (await afterUnlock.GetAsync<CurrentUser>("/api/auth/me")).UserName);
        var (shortPassword, problem) = await admin.ProblemAsync(HttpMethod.Post, $"/api/users/{lee.Id}/reset-password",
            new ResetPassword { Password = "short" });
        await admin.SendAsync<UserDto>(HttpMethod.Post, $"/api/users/{lee.Id}/reset-password", new ResetPassword { Password = "brand-new-pass" });

        Assert.Null(unlocked.LockedUntil);
        Assert.Equal(HttpStatusCode.Unauthorized, (await afterUnlock.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword);
        Assert.Equal("A password has at least 8 characters.", problem.Error("password"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.ProblemAsync(HttpMethod.Get, "/api/auth/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.ProblemAsync(HttpMethod.Post, "/api/auth/login",
            new Login { UserName = "lee", Password = CrmApp.Password })).Status);
        using var fresh = await app.SignInAsync("lee", "brand-new-pass");
        Assert.Equal("lee", (await fresh.GetAsync<CurrentUser>("/api/auth/me")).UserName);
        Assert.Equal(["created", "unlocked", "password reset"], (await app.AuditAsync("user", lee.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Non_admins_get_403_on_every_user_change()
    {
        using var admin = await app.SignInAsync("admin");
        var sup = await admin.CreateUserAsync("sup", Roles.Supervisor);
        using var supervisor = await app.SignInAsync("sup");

        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Put, $"/api/users/{sup.Id}",
            new UpdateUser { DisplayName = "Me", Roles = ["Admin"] })).Status);
        foreach (var action in new[] { "reset-password", "unlock", "deactivate", "activate" })
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Post, $"/api/users/{sup.Id}/{action}",
                new ResetPassword { Password = "long-enough-1" })).Status);
        Assert.Equal([Roles.Supervisor], (await admin.GetAsync<List<UserDto>>("/api/users")).Single(u => u.Id == sup.Id).Roles);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
