namespace Crm.Tests.Cases;

public sealed class CasesApiTests : IDisposable
{
    private readonly CrmApp app = new(new TestFolder(), demo: true);

    [Fact]
    public async Task A_created_case_is_open_numbered_and_read_back_with_its_transcript()
    {
        using var agent = await app.SignInAsync("agent1");
        var customerId = await app.AddCustomerAsync("Jane Doe");

        var created = await agent.PostAsync("/api/cases", new CreateCase
        {
            Subject = "  Refund for order 1001 ", Transcript = "Customer: where is my refund?", CustomerId = customerId, Priority = "high",
        });
        var read = await agent.GetAsync<CaseDto>($"/api/cases/{created.Id}");

        Assert.Equal($"CS-{created.Id:D6}", read.Number);
        Assert.Equal("Refund for order 1001", read.Subject);
        Assert.Equal("Open", read.Status);
        Assert.Equal("High", read.Priority);
        Assert.Equal("Jane Doe", read.CustomerName);
        Assert.Equal("Customer: where is my refund?", read.Transcript);
        Assert.Null(read.ClosedAt);
        var entry = Assert.Single(read.History);
        Assert.Equal(("created", $"for Jane Doe (#{customerId})", "agent1"), (entry.Action, entry.Detail, entry.UserName));
    }

    [Fact]
    public async Task A_case_without_priority_is_Normal_and_without_customer_is_an_orphan()
    {
        using var agent = await app.SignInAsync("agent2");

        var created = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Chat saved after it ended" });

        Assert.Equal("Normal", created.Priority);
        Assert.Null(created.CustomerId);
        var orphans = await agent.GetAsync<Paged<CaseSummary>>("/api/cases?orphan=true&pageSize=100");
        Assert.Equal(created.Id, orphans.Items[0].Id);
        Assert.All(orphans.Items, c => Assert.Null(c.CustomerId));
        Assert.Equal(7, orphans.Total); // the demo's six transcripts saved after their chats, and this one
    }

    [Fact]
    public async Task Bad_cases_get_400_or_404_and_nothing_is_stored()
    {
        using var agent = await app.SignInAsync("agent1");
        var before = await app.CountAsync("cases");

        var (noSubject, subjectProblem) = await agent.ProblemAsync(HttpMethod.Post, "/api/cases", new { transcript = "hello" });
        var (badPriority, priorityProblem) = await agent.ProblemAsync(HttpMethod.Post, "/api/cases", new CreateCase { Subject = "x", Priority = "Critical" });
        var (noCustomer, customerProblem) = await agent.ProblemAsync(HttpMethod.Post, "/api/cases", new CreateCase { Subject = "x", CustomerId = 999_999 });

        Assert.Equal(HttpStatusCode.BadRequest, noSubject);
        Assert.True(subjectProblem.GetProperty("errors").TryGetProperty("subject", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badPriority);
        Assert.Contains("'Critical' is not a priority", priorityProblem.GetProperty("errors").GetProperty("priority")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, noCustomer);
        Assert.Contains("no customer 999999", customerProblem.GetProperty("detail").GetString());
        Assert.Equal(before, await app.CountAsync("cases"));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.ProblemAsync(HttpMethod.Get, "/api/cases/999999")).Status);
    }

    [Fact]
    public async Task The_list_is_newest_first_in_pages_and_filters_by_customer_status_and_search()
    {
        using var agent = await app.SignInAsync("agent1");
        var customerId = await app.AddCustomerAsync("Paged Person");
        var first = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Router blinking", CustomerId = customerId });
        var second = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Invoice question", CustomerId = customerId });
        var third = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Router replaced", CustomerId = customerId });
        await agent.PostCaseAsync($"/api/cases/{second.Id}/close");

        var page1 = await agent.GetAsync<Paged<CaseSummary>>($"/api/cases?customerId={customerId}&pageSize=2");
        var page2 = await agent.GetAsync<Paged<CaseSummary>>($"/api/cases?customerId={customerId}&pageSize=2&page=2");
        var closed = await agent.GetAsync<Paged<CaseSummary>>($"/api/cases?customerId={customerId}&status=closed");
        var router = await agent.GetAsync<Paged<CaseSummary>>($"/api/cases?customerId={customerId}&q=ROUTER");
        var byNumber = await agent.GetAsync<Paged<CaseSummary>>($"/api/cases?q={first.Number}");
        var byName = await agent.GetAsync<Paged<CaseSummary>>("/api/cases?q=paged%20pers");

        Assert.Equal([third.Id, second.Id], page1.Items.Select(c => c.Id));
        Assert.Equal((3, 1, 2), (page1.Total, page1.Page, page1.PageSize));
        Assert.Equal([first.Id], page2.Items.Select(c => c.Id));
        Assert.Equal([second.Id], closed.Items.Select(c => c.Id));
        Assert.Equal("Closed", closed.Items[0].Status);
        Assert.Equal([third.Id, first.Id], router.Items.Select(c => c.Id));
        Assert.Equal(first.Id, Assert.Single(byNumber.Items).Id);
        Assert.Equal(3, byName.Total);
        Assert.All(byName.Items, c => Assert.Equal("Paged Person", c.CustomerName));
    }

    [Fact]
    public async Task The_list_caps_the_page_size_and_rejects_a_bad_status()
    {
        using var supervisor = await app.SignInAsync("supervisor");

        var all = await supervisor.GetAsync<Paged<CaseSummary>>("/api/cases?pageSize=5000");
        var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Get, "/api/cases?status=Pending");

        Assert.Equal(100, all.PageSize);
        Assert.Equal(100, all.Items.Count);
        Assert.True(all.Total > 1000, $"{all.Total} cases");
        Assert.True(all.Items.Zip(all.Items.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt), "not newest first");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'Pending' is not a case status", problem.GetProperty("errors").GetProperty("status")[0].GetString());
    }

    [Fact]
    public async Task Back_office_assigns_an_orphan_case_closes_it_and_an_agent_reopens_it_with_the_whole_history()
    {
        using var agent = await app.SignInAsync("agent3");
        using var backOffice = await app.SignInAsync("backoffice");
        var jane = await app.AddCustomerAsync("Jane Doe");
        var john = await app.AddCustomerAsync("John Roe");
        var orphan = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Transcript saved after the chat", Transcript = "..." });

        var wrong = await backOffice.PostAsync($"/api/cases/{orphan.Id}/assign", new AssignCase { CustomerId = john });
        var assigned = await backOffice.PostAsync($"/api/cases/{orphan.Id}/assign", new AssignCase { CustomerId = jane });
        var closed = await backOffice.PostCaseAsync($"/api/cases/{orphan.Id}/close");
        var reopened = await agent.PostCaseAsync($"/api/cases/{orphan.Id}/reopen");

        Assert.Equal(john, wrong.CustomerId);
        Assert.Equal(("Jane Doe", jane), (assigned.CustomerName, assigned.CustomerId!.Value));
        Assert.Equal("Closed", closed.Status);
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal("Open", reopened.Status);
        Assert.Null(reopened.ClosedAt);
        (string, string?, string?)[] expected =
            [
                ("created", null, "agent3"),
                ("assigned", $"to John Roe (#{john})", "backoffice"),
                ("assigned", $"to Jane Doe (#{jane}), from John Roe (#{john})", "backoffice"),
                ("closed", null, "backoffice"),
                ("reopened", null, "agent3"),
            ];
        Assert.Equal(expected, reopened.History.Select(h => (h.Action, h.Detail, h.UserName)));
        Assert.DoesNotContain((await agent.GetAsync<Paged<CaseSummary>>("/api/cases?orphan=true&pageSize=100")).Items, c => c.Id == orphan.Id);
    }

    [Fact]
    public async Task Assigning_needs_a_customer_that_exists_and_a_case_that_exists()
    {
        using var backOffice = await app.SignInAsync("backoffice");
        var orphan = await backOffice.PostAsync("/api/cases", new CreateCase { Subject = "Orphan" });
        var customerId = await app.AddCustomerAsync("Real Customer");

        var (missingCustomer, problem) = await backOffice.ProblemAsync(HttpMethod.Post, $"/api/cases/{orphan.Id}/assign",
            new AssignCase { CustomerId = 999_999 });
        var (noCustomerId, idProblem) = await backOffice.ProblemAsync(HttpMethod.Post, $"/api/cases/{orphan.Id}/assign", new { });
        var (missingCase, _) = await backOffice.ProblemAsync(HttpMethod.Post, "/api/cases/999999/assign", new AssignCase { CustomerId = customerId });

        Assert.Equal(HttpStatusCode.NotFound, missingCustomer);
        Assert.Contains("no customer 999999", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noCustomerId);
        Assert.True(idProblem.GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(HttpStatusCode.NotFound, missingCase);
        var unchanged = await backOffice.GetAsync<CaseDto>($"/api/cases/{orphan.Id}");
        Assert.Null(unchanged.CustomerId);
        Assert.Equal(["created"], unchanged.History.Select(h => h.Action));
    }

    [Fact]
    public async Task Closing_a_closed_case_or_reopening_an_open_one_is_409()
    {
        using var agent = await app.SignInAsync("agent1");
        var open = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Twice" });
        await agent.PostCaseAsync($"/api/cases/{open.Id}/close", new CloseCase { Resolution = "Answered by phone." });

        var (again, problem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/cases/{open.Id}/close");
        await agent.PostCaseAsync($"/api/cases/{open.Id}/reopen");
        var (reopenAgain, reopenProblem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/cases/{open.Id}/reopen");

        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal($"Case {open.Number} is already closed.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, reopenAgain);
        Assert.Equal($"Case {open.Number} is already open.", reopenProblem.GetProperty("detail").GetString());
        Assert.Equal(["created", "closed", "reopened"], (await agent.GetAsync<CaseDto>($"/api/cases/{open.Id}")).History.Select(h => h.Action));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.ProblemAsync(HttpMethod.Post, "/api/cases/999999/close")).Status);
    }

    [Fact]
    public async Task Follow_up_notes_carry_their_author_oldest_first_and_appear_in_the_history()
    {
        using var agent = await app.SignInAsync("agent4");
        using var backOffice = await app.SignInAsync("backoffice");
        var agentName = (await agent.GetAsync<CurrentUser>("/api/auth/me")).DisplayName;
        var backOfficeName = (await backOffice.GetAsync<CurrentUser>("/api/auth/me")).DisplayName;
        var created = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Needs a call back" });

        await agent.PostAsync($"/api/cases/{created.Id}/notes", new AddCaseNote { Text = "Promised a call back tomorrow." });
        var withNotes = await backOffice.PostAsync($"/api/cases/{created.Id}/notes", new AddCaseNote { Text = "Called back, " + new string('x', 100) });
        var (empty, _) = await agent.ProblemAsync(HttpMethod.Post, $"/api/cases/{created.Id}/notes", new AddCaseNote { Text = "" });

        Assert.Equal([("Promised a call back tomorrow.", agentName), ("Called back, " + new string('x', 100), backOfficeName)],
            withNotes.Notes.Select(n => (n.Text, n.AuthorName)));
        var noted = withNotes.History.Where(h => h.Action == "note added").ToList();
        Assert.Equal(["agent4", "backoffice"], noted.Select(h => h.UserName));
        Assert.EndsWith("…", noted[1].Detail);
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(2, (await agent.GetAsync<CaseDto>($"/api/cases/{created.Id}")).Notes.Count);
    }

    [Fact]
    public async Task Supervisors_read_but_only_agents_and_back_office_change_cases_and_strangers_get_401()
    {
        using var agent = await app.SignInAsync("agent1");
        using var supervisor = await app.SignInAsync("supervisor");
        using var admin = await app.SignInAsync("admin");
        using var backOffice = await app.SignInAsync("backoffice");
        using var stranger = app.Anonymous();
        var created = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Who may close me" });

        Assert.Equal(created.Subject, (await supervisor.GetAsync<CaseDto>($"/api/cases/{created.Id}")).Subject);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Post, $"/api/cases/{created.Id}/close")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Post, "/api/cases", new CreateCase { Subject = "x" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.ProblemAsync(HttpMethod.Post, $"/api/cases/{created.Id}/notes",
            new AddCaseNote { Text = "x" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.ProblemAsync(HttpMethod.Get, "/api/cases")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.ProblemAsync(HttpMethod.Post, $"/api/cases/{created.Id}/close")).Status);
        Assert.Equal("Open", (await agent.GetAsync<CaseDto>($"/api/cases/{created.Id}")).Status);

        Assert.Equal("Closed", (await backOffice.PostCaseAsync($"/api/cases/{created.Id}/close", new CloseCase { Resolution = "Test case." })).Status);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
