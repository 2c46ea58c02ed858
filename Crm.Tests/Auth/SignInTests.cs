using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Auth;

public sealed class SignInTests : IDisposable
{
    private readonly CrmApp app = new();

    [Fact]
    public async Task Signing_in_sets_a_cookie_and_me_says_who_is_signed_in()
    {
        using var admin = await app.SignInAsync("admin");

        var me = await admin.GetAsync<CurrentUser>("/api/auth/me");

        Assert.Equal("admin", me.UserName);
        Assert.Equal("Administrator", me.DisplayName);
        Assert.Equal([Roles.Admin], me.Roles);
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_401()
    {
        using var client = app.Anonymous();

        var (unknownStatus, unknown) = await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "nobody", Password = "whatever1" });
        var (wrongStatus, wrong) = await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "admin", Password = "whatever1" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknownStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Equal(unknown.GetProperty("detail").GetString(), wrong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var admin = await app.SignInAsync("admin");

        (await admin.RawAsync(HttpMethod.Post, "/api/auth/logout")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.RawAsync(HttpMethod.Get, "/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/users")]
    [InlineData("/api/customers")]
    [InlineData("/api/no/such/route")]
    public async Task Strangers_get_401_problem_and_never_a_redirect(string url)
    {
        using var client = app.Anonymous();

        var (status, problem) = await client.ProblemAsync(HttpMethod.Get, url);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Sign in", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_user_without_the_role_gets_403()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/users",
            new CreateUser { UserName = "agent7", DisplayName = "Agent Seven", Password = "agent7-password", Roles = [Roles.Agent] });
        using var agent = await app.SignInAsync("agent7", "agent7-password");

        var (status, _) = await agent.ProblemAsync(HttpMethod.Get, "/api/users");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task A_signed_in_user_asking_for_an_unknown_api_route_gets_404_problem()
    {
        using var admin = await app.SignInAsync("admin");

        var (status, _) = await admin.ProblemAsync(HttpMethod.Get, "/api/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}

public sealed class LockoutTests : IDisposable
{
    private readonly TestClock clock = new();
    private readonly CrmApp app;

    public LockoutTests() => app = new CrmApp(new TestFolder(), services: s => s.AddSingleton<TimeProvider>(clock));

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes()
    {
        using var client = app.Anonymous();
        var wrong = new Login { UserName = "admin", Password = "wrong-password" };
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", wrong)).Status);

        var (locked, problem) = await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", new Login { UserName = "admin", Password = CrmApp.Password });
        Assert.Equal(HttpStatusCode.Locked, locked);
        Assert.Contains("Try again after", problem.GetProperty("detail").GetString());

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.Locked, (await client.ProblemAsync(HttpMethod.Post, "/api/auth/login",
            new Login { UserName = "admin", Password = CrmApp.Password })).Status);

        clock.Advance(TimeSpan.FromMinutes(1.1));
        using var admin = await app.SignInAsync("admin");
        Assert.Equal("admin", (await admin.GetAsync<CurrentUser>("/api/auth/me")).UserName);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        using var client = app.Anonymous();
        var wrong = new Login { UserName = "admin", Password = "wrong-password" };
        for (var i = 0; i < 4; i++) await client.RawAsync(HttpMethod.Post, "/api/auth/login", wrong);
        (await app.SignInAsync("admin")).Dispose();

        for (var i = 0; i < 4; i++) await client.RawAsync(HttpMethod.Post, "/api/auth/login", wrong);

        (await app.SignInAsync("admin")).Dispose();
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}

public sealed class LoginRateLimitTests : IDisposable
{
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:Auth:LoginPermitsPerMinute"] = "3" });

    [Fact]
    public async Task The_login_route_is_rate_limited()
    {
        using var client = app.Anonymous();
        var attempt = new Login { UserName = "someone", Password = "guess-123" };
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", attempt)).Status);

        var (status, problem) = await client.ProblemAsync(HttpMethod.Post, "/api/auth/login", attempt);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Contains("Too many", problem.GetProperty("detail").GetString());
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
