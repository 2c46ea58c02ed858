using Crm.ServiceInterface.Cases;
using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Cases;

public sealed class CaseReopenSettingsTests : IDisposable
{
    private readonly CrmApp app = new(new TestFolder(), demo: true);

    [Fact]
    public async Task The_time_limit_starts_at_never_and_only_an_admin_changes_it()
    {
        using var agent = await app.SignInAsync("agent1");
        using var supervisor = await app.SignInAsync("supervisor");
        using var admin = await app.SignInAsync("admin");

        var initial = await agent.GetAsync<CaseReopenPolicy>("/api/settings/case-reopen");
        var saved = await admin.SendAsync<CaseReopenPolicy>(HttpMethod.Put, "/api/settings/case-reopen", new { mode = "Within", days = 7 });
        var (agentPut, _) = await agent.ProblemAsync(HttpMethod.Put, "/api/settings/case-reopen", new { mode = "always" });
        var (supervisorPut, _) = await supervisor.ProblemAsync(HttpMethod.Put, "/api/settings/case-reopen", new { mode = "always" });

        Assert.Equal(new CaseReopenPolicy("never", null), initial);
        Assert.Equal(new CaseReopenPolicy("within", 7), saved);
        Assert.Equal(HttpStatusCode.Forbidden, agentPut);
        Assert.Equal(HttpStatusCode.Forbidden, supervisorPut);
        Assert.Equal(new CaseReopenPolicy("within", 7), await supervisor.GetAsync<CaseReopenPolicy>("/api/settings/case-reopen"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().ProblemAsync(HttpMethod.Get, "/api/settings/case-reopen")).Status);
    }

    [Fact]
    public async Task Days_are_kept_only_with_within()
    {
        using var admin = await app.SignInAsync("admin");

        var always = await admin.SendAsync<CaseReopenPolicy>(HttpMethod.Put, "/api/settings/case-reopen", new { mode = "always", days = 30 });

        Assert.Equal(new CaseReopenPolicy("always", null), always);
        Assert.Equal(always, await admin.GetAsync<CaseReopenPolicy>("/api/settings/case-reopen"));
    }

    [Theory]
    [InlineData("""{"mode":"sometimes"}""", "mode")]
    [InlineData("""{"days":3}""", "mode")]
    [InlineData("""{"mode":"within"}""", "days")]
    [InlineData("""{"mode":"within","days":0}""", "days")]
    [InlineData("""{"mode":"within","days":-5}""", "days")]
    public async Task An_invalid_time_limit_is_400_naming_the_field_and_leaves_the_setting_alone(string json, string field)
    {
        using var admin = await app.SignInAsync("admin");
        await admin.SendAsync<CaseReopenPolicy>(HttpMethod.Put, "/api/settings/case-reopen", new { mode = "within", days = 2 });

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Put, "/api/settings/case-reopen", System.Text.Json.JsonDocument.Parse(json).RootElement);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Equal(new CaseReopenPolicy("within", 2), await admin.GetAsync<CaseReopenPolicy>("/api/settings/case-reopen"));
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}

/// <summary>What the routing engine calls when a customer starts a new contact, on a clock the test moves.</summary>
public sealed class ReopenOnNewContactTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly TestClock clock = new();
    private readonly CrmApp app;
    private CasesServices Cases => app.Services.GetRequiredService<CasesServices>();

    public ReopenOnNewContactTests() => app = new CrmApp(new TestFolder(), services: s => s.AddSingleton<TimeProvider>(clock));

    // The way a customer's new message reopens a case: inside the message's own transaction.
    private Task<long?> ReopenOnNewContactAsync(long customerId, long? actorId) =>
        app.Services.GetRequiredService<CrmDb>().InTransactionAsync((c, tx) => Cases.ReopenOnNewContactAsync(c, tx, customerId, actorId));

    [Fact]
    public async Task Never_leaves_even_a_case_closed_a_minute_ago_closed()
    {
        var customer = await app.AddCustomerAsync("Nora Never");
        var closed = await ClosedCaseAsync(customer, "Yesterday's question");
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await ReopenOnNewContactAsync(customer, null));
        Assert.Equal("Closed", (await Cases.GetAsync(closed)).Status);
    }

    [Fact]
    public async Task Always_reopens_the_most_recently_closed_case_however_old()
    {
        await SetPolicyAsync(new { mode = "always" });
        var customer = await app.AddCustomerAsync("Alma Always");
        var older = await Cases.CreateAsync(new CreateCase { Subject = "Created first, closed last", CustomerId = customer }, null);
        var other = await ClosedCaseAsync(customer, "Created second, closed first");
        clock.Advance(Day);
        await Cases.CloseAsync(older.Id, null, null);
        clock.Advance(400 * Day);

        var reopened = await ReopenOnNewContactAsync(customer, null);

        Assert.Equal(older.Id, reopened);
        var dto = await Cases.GetAsync(older.Id);
        Assert.Equal("Open", dto.Status);
        Assert.Null(dto.ClosedAt);
        Assert.Equal(("reopened", "New contact from the customer", null), (dto.History[^1].Action, dto.History[^1].Detail, dto.History[^1].UserName));
        // The next contact finds the reopened case still open and leaves the other closed one alone.
        Assert.Null(await ReopenOnNewContactAsync(customer, null));
        Assert.Equal("Closed", (await Cases.GetAsync(other)).Status);
    }

    [Fact]
    public async Task Within_7_days_reopens_a_case_closed_3_days_ago_but_not_one_closed_10_days_ago()
    {
        await SetPolicyAsync(new { mode = "within", days = 7 });
        var stale = await app.AddCustomerAsync("Tom Ten-Days");
        var recent = await app.AddCustomerAsync("Tia Three-Days");
        var staleCase = await ClosedCaseAsync(stale, "Closed ten days before the contact");
        clock.Advance(7 * Day);
        var recentCase = await ClosedCaseAsync(recent, "Closed three days before the contact");
        clock.Advance(3 * Day);
        var agentId = await app.UserIdAsync("admin");

        Assert.Equal(recentCase, await ReopenOnNewContactAsync(recent, agentId));
        Assert.Null(await ReopenOnNewContactAsync(stale, agentId));
        var reopened = await Cases.GetAsync(recentCase);
        Assert.Equal(["created", "closed", "reopened"], reopened.History.Select(h => h.Action));
        Assert.Equal("admin", reopened.History[^1].UserName);
        Assert.Equal("Closed", (await Cases.GetAsync(staleCase)).Status);
    }

    [Fact]
    public async Task A_customer_with_an_open_case_or_no_case_reopens_nothing()
    {
        await SetPolicyAsync(new { mode = "always" });
        var customer = await app.AddCustomerAsync("Olga Open");
        var open = await Cases.CreateAsync(new CreateCase { Subject = "Still open", CustomerId = customer }, null);

        var closed = await ClosedCaseAsync(customer, "Closed last week");

        Assert.Null(await ReopenOnNewContactAsync(customer, null));
        Assert.Null(await ReopenOnNewContactAsync(await app.AddCustomerAsync("Nobody Yet"), null));
        Assert.Equal(["created"], (await Cases.GetAsync(open.Id)).History.Select(h => h.Action));
        Assert.Equal("Closed", (await Cases.GetAsync(closed)).Status);
    }

    private async Task<long> ClosedCaseAsync(long customerId, string subject)
    {
        var created = await Cases.CreateAsync(new CreateCase { Subject = subject, CustomerId = customerId }, null);
        return (await Cases.CloseAsync(created.Id, null, null)).Id;
    }

    /// <summary>Through the API, as an admin would, before the clock moves past the sign-in's lifetime.</summary>
    private async Task SetPolicyAsync(object policy)
    {
        using var admin = await app.SignInAsync("admin");
        await admin.SendAsync<CaseReopenPolicy>(HttpMethod.Put, "/api/settings/case-reopen", policy);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
