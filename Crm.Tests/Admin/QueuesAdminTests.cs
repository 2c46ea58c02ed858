using System.Net.Http.Json;

namespace Crm.Tests.Admin;

/// <summary>/api/admin/queues, skills and agents on an empty (non-demo) database: only the admin exists.</summary>
public sealed class QueuesAdminTests : IDisposable
{
    private readonly CrmApp app = new();

    [Fact]
    public async Task A_queue_gets_every_problem_of_its_form_at_once_in_words_and_nothing_is_stored()
    {
        using var admin = await app.SignInAsync("admin");

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues",
            new SaveQueue { Name = "  ", AcceptanceSeconds = 1, PostProcessingSeconds = -5, ServiceLevelSeconds = 0, SkillIds = [999] });
        var (tooLong, longProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues", new SaveQueue { Name = new string('q', 101) });
        var (empty, _) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues", new { });
        using var wrongType = await admin.RawAsync(HttpMethod.Post, "/api/admin/queues", new { name = 12, acceptanceSeconds = "soon" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["acceptanceSeconds", "name", "postProcessingSeconds", "serviceLevelSeconds", "skillIds"], problem.Fields());
        Assert.Equal("Give the queue a name.", problem.Error("name"));
        Assert.Contains("5 to 600 seconds", problem.Error("acceptanceSeconds"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Equal("The name can be at most 100 characters (this one has 101).", longProblem.Error("name"));
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Empty(await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues"));
    }

    [Fact]
    public async Task An_empty_json_body_gets_the_forms_problems_in_words_not_a_framework_message()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await admin.CreateUserAsync("ana", Roles.Agent);

        foreach (var (method, url, field, message) in new[]
        {
            (HttpMethod.Post, "/api/admin/queues", "name", "Give the queue a name."),
            (HttpMethod.Post, "/api/admin/skills", "name", "Give the skill a name, e.g. Spanish or Billing."),
            (HttpMethod.Put, $"/api/admin/agents/{user.Id}", "capacity", "Give a capacity from 1 to 6 chats at once."),
            (HttpMethod.Post, "/api/admin/break-reasons", "name", "Give the break reason a name."),
            (HttpMethod.Post, "/api/admin/wrapup-reasons/reorder", "ids", "Give the wrap-up reasons in their new order."),
            (HttpMethod.Post, "/api/admin/faq", "title", "Give the answer a title agents will recognise, e.g. \"Refund policy\"."),
            (HttpMethod.Post, $"/api/users/{user.Id}/reset-password", "password", "Give the new password."),
            (HttpMethod.Put, $"/api/users/{user.Id}", "roles", "Give the user at least one role."),
        })
        {
            using var empty = new HttpRequestMessage(method, url) { Content = new StringContent("", System.Text.Encoding.UTF8, "application/json") };
            using var response = await admin.Http.SendAsync(empty);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(message, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(CrmClient.Json)).Error(field));
        }
    }

    [Fact]
    public async Task An_admin_sets_up_a_queue_with_skills_and_members_audited_and_live_in_the_agents_list()
    {
        using var admin = await app.SignInAsync("admin");
        var adminId = await app.UserIdAsync("admin");
        var ana = await admin.CreateUserAsync("ana", Roles.Agent);
        var spanish = await admin.PostAsync("/api/admin/skills", new SaveSkill { Name = "Spanish" });

        var queue = await admin.PostAsync("/api/admin/queues",
            new SaveQueue { Name = "Ventas", SkillIds = [spanish.Id], MemberIds = [ana.Id], AcceptanceSeconds = 20 });
        var (unknownSkill, unknown) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/queues/{queue.Id}",
            new SaveQueue { Name = "Ventas", SkillIds = [spanish.Id, 4242], MemberIds = [adminId] });

        Assert.True(queue.Enabled);
        Assert.Equal(60, queue.ServiceLevelSeconds);
        Assert.False(queue.SaveTranscriptAtWrapUp);
        Assert.Null(queue.PostProcessingSeconds);
        Assert.Equal([spanish.Id], queue.SkillIds);
        Assert.Equal([ana.Id], queue.MemberIds);
        Assert.Equal(HttpStatusCode.BadRequest, unknownSkill);
        Assert.Equal("There is no skill 4242.", unknown.Error("skillIds"));
        Assert.Equal($"User {adminId} is not an active agent.", unknown.Error("memberIds"));
        var listed = Assert.Single(await admin.GetAsync<List<QueueDto>>("/api/queues"));
        Assert.Equal(["Spanish"], listed.Skills);
        Assert.Equal(["ana"], listed.Agents);
        Assert.Equal(20, listed.AcceptanceSeconds);
        var audit = Assert.Single(await app.AuditAsync("queue", queue.Id));
        Assert.Equal((adminId, "created"), (audit.UserId, audit.Action));
        Assert.Contains("Ventas", audit.Detail);

        var changed = await admin.SendAsync<AdminQueueDto>(HttpMethod.Put, $"/api/admin/queues/{queue.Id}", new SaveQueue
        {
            Name = "Sales", SkillIds = [], TransactionCodesMandatory = true, ServiceLevelSeconds = 30, SaveTranscriptAtWrapUp = true, PostProcessingSeconds = 0,
        });

        Assert.Equal(
            ("Sales", true, 30, true, 0),
            (changed.Name, changed.TransactionCodesMandatory, changed.ServiceLevelSeconds, changed.SaveTranscriptAtWrapUp, changed.PostProcessingSeconds));
        Assert.Equal([ana.Id], changed.MemberIds); // members left out are kept
        Assert.Equal(["created", "updated"], (await app.AuditAsync("queue", queue.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_retired_queue_disappears_for_agents_keeps_its_name_taken_and_cannot_be_retired_while_chats_wait()
    {
        using var admin = await app.SignInAsync("admin");
        var queue = await admin.PostAsync("/api/admin/queues", new SaveQueue { Name = "Support" });
        var (duplicate, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues", new SaveQueue { Name = "support" });

        var retired = await admin.SendAsync<AdminQueueDto>(HttpMethod.Delete, $"/api/admin/queues/{queue.Id}", null);
        var (again, againProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues", new SaveQueue { Name = "Support" });
        var (edit, _) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/queues/{queue.Id}", new SaveQueue { Name = "Support 2" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Equal("There is already a queue named support.", problem.Error("name"));
        Assert.True(retired.Retired);
        Assert.False(retired.Enabled);
        Assert.Empty(await admin.GetAsync<List<QueueDto>>("/api/queues"));
        Assert.True(Assert.Single(await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues")).Retired);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("retired queue", againProblem.Error("name"));
        Assert.Equal(HttpStatusCode.Conflict, edit);
        Assert.Equal(["created", "retired"], (await app.AuditAsync("queue", queue.Id)).Select(a => a.Action));

        var open = await admin.PostAsync("/api/admin/queues", new SaveQueue { Name = "Billing" });
        using (var http = app.CreateClient())
        {
            var session = await (await http.PostAsJsonAsync("/api/webchat/sessions", new StartWebChat { Name = "Wanda" }))
                .Content.ReadFromJsonAsync<WebChatSession>(CrmClient.Json);
            (await http.PostAsJsonAsync($"/api/webchat/sessions/{session!.SessionId}/messages",
                new SendWebChatMessage { Text = "Hello" })).EnsureSuccessStatusCode();
        }
        var (busy, busyProblem) = await admin.ProblemAsync(HttpMethod.Delete, $"/api/admin/queues/{open.Id}");
        Assert.Equal(HttpStatusCode.Conflict, busy);
        Assert.Contains("1 chat is still open in the Billing queue", busyProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Skills_are_created_renamed_and_retired_only_once_no_queue_requires_them()
    {
        using var admin = await app.SignInAsync("admin");
        var (blank, blankProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/skills", new SaveSkill { Name = "" });
        var skill = await admin.PostAsync("/api/admin/skills", new SaveSkill { Name = "Billing" });
        var renamed = await admin.SendAsync<SkillDto>(HttpMethod.Put, $"/api/admin/skills/{skill.Id}", new SaveSkill { Name = "Invoices" });
        var queue = await admin.PostAsync("/api/admin/queues", new SaveQueue { Name = "Accounts", SkillIds = [skill.Id] });

        var (required, requiredProblem) = await admin.ProblemAsync(HttpMethod.Delete, $"/api/admin/skills/{skill.Id}");
        await admin.SendAsync<AdminQueueDto>(HttpMethod.Put, $"/api/admin/queues/{queue.Id}", new SaveQueue { Name = "Accounts", SkillIds = [] });
        var retired = await admin.SendAsync<SkillDto>(HttpMethod.Delete, $"/api/admin/skills/{skill.Id}", null);
        var (retiredUse, _) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/queues/{queue.Id}",
            new SaveQueue { Name = "Accounts", SkillIds = [skill.Id] });

        Assert.Equal(HttpStatusCode.BadRequest, blank);
        Assert.StartsWith("Give the skill a name", blankProblem.Error("name"));
        Assert.Equal("Invoices", renamed.Name);
        Assert.Equal(HttpStatusCode.Conflict, required);
        Assert.Equal("Accounts requires the skill Invoices; remove it there first.", requiredProblem.GetProperty("detail").GetString());
        Assert.True(retired.Retired);
        Assert.Equal(HttpStatusCode.BadRequest, retiredUse);
        Assert.Equal(["created", "updated", "retired"], (await app.AuditAsync("skill", skill.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task An_agents_profile_takes_capacity_1_to_6_reject_permission_skills_queues_and_a_reject_policy()
    {
        using var admin = await app.SignInAsync("admin");
        var bo = await admin.CreateUserAsync("backoffice1", Roles.BackOffice);
        var ana = await admin.CreateUserAsync("ana", Roles.Agent);
        var skill = await admin.PostAsync("/api/admin/skills", new SaveSkill { Name = "French" });
        var queue = await admin.PostAsync("/api/admin/queues", new SaveQueue { Name = "Support" });

        var (bad, problem) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/agents/{ana.Id}",
            new SaveAgentProfile { Capacity = 7, RejectPolicy = "Sleep", SkillIds = [77], QueueIds = [88] });
        var (missing, missingProblem) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/agents/{ana.Id}", new { });
        var (notAgent, _) = await admin.ProblemAsync(HttpMethod.Put, $"/api/admin/agents/{bo.Id}", new SaveAgentProfile { Capacity = 2 });
        var saved = await admin.SendAsync<AdminAgentDto>(HttpMethod.Put, $"/api/admin/agents/{ana.Id}",
            new SaveAgentProfile { Capacity = 3, CanReject = true, SkillIds = [skill.Id], QueueIds = [queue.Id], RejectPolicy = "rona" });

        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["capacity", "queueIds", "rejectPolicy", "skillIds"], problem.Fields());
        Assert.Equal("Capacity is 1 to 6 chats at once.", problem.Error("capacity"));
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("Give a capacity from 1 to 6 chats at once.", missingProblem.Error("capacity"));
        Assert.Equal(HttpStatusCode.NotFound, notAgent);
        Assert.Equal((3, true, "RONA"), (saved.Capacity, saved.CanReject, saved.RejectPolicy));
        Assert.Equal([skill.Id], saved.SkillIds);
        Assert.Equal([queue.Id], saved.QueueIds);
        var listedAgent = Assert.Single(await admin.GetAsync<List<AdminAgentDto>>("/api/admin/agents"));
        Assert.Equal(
            (ana.Id, 3, true, "RONA", false),
            (listedAgent.Id, listedAgent.Capacity, listedAgent.CanReject, listedAgent.RejectPolicy, listedAgent.Deactivated));
        Assert.Equal([skill.Id], listedAgent.SkillIds);
        Assert.Equal([ana.Id], Assert.Single(await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues")).MemberIds);
        var agentsView = Assert.Single(await admin.GetAsync<List<AgentDto>>("/api/agents"));
        Assert.Equal((3, true), (agentsView.Capacity, agentsView.CanReject));
        Assert.Equal("updated", Assert.Single(await app.AuditAsync("agent_profile", ana.Id)).Action);
    }

    [Fact]
    public async Task Only_admins_reach_the_administration_routes()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.CreateUserAsync("sup", Roles.Supervisor, Roles.Agent);
        using var supervisor = await app.SignInAsync("sup");
        using var stranger = app.Anonymous();

        foreach (var route in new[] { "queues", "skills", "agents", "wrapup-reasons", "transaction-codes", "break-reasons", "faq" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Get, $"/api/admin/{route}")).Status);
            if (route != "agents")
                Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Post, $"/api/admin/{route}", new { name = "x" })).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.ProblemAsync(HttpMethod.Get, $"/api/admin/{route}")).Status);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Put, "/api/admin/agents/1",
            new SaveAgentProfile { Capacity = 2 })).Status);
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
