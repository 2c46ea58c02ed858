using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Cases;

/// <summary>The back office's cases list: filters by status, orphan, queue, agent, customer and dates, case numbers, and closing with a resolution.</summary>
public sealed class BackOfficeCasesTests : IDisposable
{
    private readonly CrmApp app = new(new TestFolder(), demo: true, settings: new Dictionary<string, string?> { ["Crm:Seed:Customers"] = "200" });

    [Fact]
    public async Task The_list_filters_by_queue_agent_customer_and_dates_and_a_case_number_finds_that_case_only()
    {
        using var backOffice = await app.SignInAsync("backoffice");
        var queues = await backOffice.GetAsync<List<QueueDto>>("/api/queues");
        var billing = queues.Single(q => q.Name == "Billing").Id;
        var agent3 = await app.UserIdAsync("agent3");
        var agent3Name = (await backOffice.GetAsync<List<NamedItem>>("/api/cases/agents")).Single(a => a.Id == agent3).Name;

        var inBilling = await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?queueId={billing}&pageSize=100");
        Assert.NotEmpty(inBilling.Items);
        Assert.All(inBilling.Items, c => Assert.Equal("Billing", c.QueueName));

        var byAgent = await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?agentId={agent3}&status=Closed&pageSize=100");
        Assert.NotEmpty(byAgent.Items);
        Assert.All(byAgent.Items, c => Assert.Equal((agent3Name, "Closed"), (c.AgentName, c.Status)));

        var some = byAgent.Items[0];
        var day = DateTimeOffset.FromUnixTimeMilliseconds(some.CreatedAt).ToString("yyyy-MM-dd");
        var onThatDay = await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?from={day}&to={day}&pageSize=100");
        Assert.Contains(onThatDay.Items, c => c.Id == some.Id);
        Assert.All(onThatDay.Items, c => Assert.Equal(day, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt).ToString("yyyy-MM-dd")));
        var mine = await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?customerId={some.CustomerId}&agentId={agent3}");
        Assert.All(mine.Items, c => Assert.Equal(some.CustomerId, c.CustomerId));

        // "CS-002530" as people read it out: that case, and no other case whose subject or customer holds the digits.
        var number = await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?q={some.Number}");
        Assert.Equal([some.Id], number.Items.Select(c => c.Id));
        Assert.Equal([some.Id], (await backOffice.GetAsync<Paged<CaseSummary>>($"/api/cases?q={some.Number.ToLowerInvariant()}")).Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Bad_dates_and_statuses_are_refused_in_words_all_at_once()
    {
        using var backOffice = await app.SignInAsync("backoffice");

        var (status, problem) = await backOffice.ProblemAsync(HttpMethod.Get, "/api/cases?status=Pending&from=yesterday&to=2026-13-45");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Contains("'Pending' is not a case status", errors.GetProperty("status")[0].GetString());
        Assert.Equal("'yesterday' is not a date: write it as 2026-11-30, or an instant such as 2026-11-30T14:00:00Z.",
            errors.GetProperty("from")[0].GetString());
        Assert.StartsWith("'2026-13-45' is not a date", errors.GetProperty("to")[0].GetString());
        var (_, backwards) = await backOffice.ProblemAsync(HttpMethod.Get, "/api/cases?from=2026-11-30&to=2026-11-01");
        Assert.Equal("The end date is before the start date.", backwards.GetProperty("errors").GetProperty("to")[0].GetString());
    }

    [Fact]
    public async Task Closing_an_orphan_needs_a_resolution_note_which_the_case_and_its_history_keep_with_display_names()
    {
        using var backOffice = await app.SignInAsync("backoffice");
        var me = await backOffice.GetAsync<CurrentUser>("/api/auth/me");
        var orphan = (await backOffice.GetAsync<Paged<CaseSummary>>("/api/cases?orphan=true&status=Open")).Items.First();

        var (status, problem) = await backOffice.ProblemAsync(HttpMethod.Post, $"/api/cases/{orphan.Id}/close");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Write a resolution note: this case has no customer, so the note is the only record of what was done.",
            problem.GetProperty("errors").GetProperty("resolution")[0].GetString());
        var (tooLong, longProblem) = await backOffice.ProblemAsync(HttpMethod.Post, $"/api/cases/{orphan.Id}/close",
            new CloseCase { Resolution = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Equal("The resolution note can be at most 2,000 characters (this one has 2,001).",
            longProblem.GetProperty("errors").GetProperty("resolution")[0].GetString());
        Assert.Equal("Open", (await backOffice.GetAsync<CaseDto>($"/api/cases/{orphan.Id}")).Status);

        var closed = await backOffice.PostCaseAsync($"/api/cases/{orphan.Id}/close", new CloseCase { Resolution = "  Spam: the sender sold sunglasses.  " });

        Assert.Equal("Closed", closed.Status);
        Assert.Equal("Spam: the sender sold sunglasses.", closed.Resolution);
        var entry = closed.History.Last();
        Assert.Equal(("closed", "Resolution: Spam: the sender sold sunglasses.", me.DisplayName), (entry.Action, entry.Detail, entry.ActorName));
        var created = closed.History.First();
        Assert.Equal(closed.AgentName, created.ActorName); // the agent who saved it, by the name people see everywhere
        Assert.NotEqual(created.UserName, created.ActorName);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
