namespace Crm.Tests.Admin;

/// <summary>Wrap-up reasons, transaction codes, break reasons and FAQ answers: create, edit, reorder, retire.</summary>
public sealed class CatalogsAdminTests : IDisposable
{
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?>
    {
        ["Crm:Routing:BreakReasons:0"] = "Lunch",
        ["Crm:Routing:BreakReasons:1"] = "Coaching",
    });

    [Fact]
    public async Task Wrap_up_reasons_are_offered_in_the_admins_order_and_a_retired_one_stays_readable_but_is_no_longer_offered()
    {
        using var admin = await app.SignInAsync("admin");
        var sold = await admin.PostAsync("/api/admin/wrapup-reasons", new SaveCatalogItem { Name = "Sold" });
        var info = await admin.PostAsync("/api/admin/wrapup-reasons", new SaveCatalogItem { Name = "Information given" });
        var spam = await admin.PostAsync("/api/admin/wrapup-reasons", new SaveCatalogItem { Name = "Spam" });
        var (blank, blankProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/wrapup-reasons", new SaveCatalogItem { Name = " " });
        var (taken, takenProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/wrapup-reasons", new SaveCatalogItem { Name = "sold" });

        var reordered = await admin.PostAsync<List<CatalogItemDto>>("/api/admin/wrapup-reasons/reorder", new ReorderRequest([spam.Id, sold.Id, info.Id]));
        var renamed = await admin.SendAsync<CatalogItemDto>(HttpMethod.Put, $"/api/admin/wrapup-reasons/{info.Id}",
            new SaveCatalogItem { Name = "Information" });
        await admin.SendAsync<CatalogItemDto>(HttpMethod.Delete, $"/api/admin/wrapup-reasons/{spam.Id}", null);
        var (badOrder, badOrderProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/wrapup-reasons/reorder",
            new ReorderRequest([sold.Id, sold.Id, 999]));

        Assert.Equal(HttpStatusCode.BadRequest, blank);
        Assert.Equal("Give the wrap-up reason a name.", blankProblem.Error("name"));
        Assert.Equal(HttpStatusCode.Conflict, taken);
        Assert.Equal("There is already a wrap-up reason 'sold'.", takenProblem.Error("name"));
        Assert.Equal(["Spam", "Sold", "Information given"], reordered.Select(r => r.Name));
        Assert.Equal("Information", renamed.Name);
        Assert.Equal(["Sold", "Information"], (await admin.GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons")).Select(r => r.Name));
        var all = await admin.GetAsync<List<CatalogItemDto>>("/api/admin/wrapup-reasons");
        Assert.Equal(["Sold", "Information", "Spam"], all.Select(r => r.Name));
        Assert.True(all[2].Retired);
        Assert.Equal(HttpStatusCode.BadRequest, badOrder);
        Assert.Contains("Each wrap-up reason appears once", badOrderProblem.Error("ids"));
        Assert.Contains("There is no wrap-up reason 999.", badOrderProblem.Error("ids"));
        Assert.Equal(["created", "retired"], (await app.AuditAsync("wrapup_reason", spam.Id)).Select(a => a.Action));
        Assert.Equal(["created", "updated"], (await app.AuditAsync("wrapup_reason", info.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_transaction_code_needs_a_code_and_a_name_and_its_code_is_unique()
    {
        using var admin = await app.SignInAsync("admin");
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/transaction-codes", new SaveCatalogItem { Code = new string('C', 31) });
        var code = await admin.PostAsync("/api/admin/transaction-codes", new SaveCatalogItem { Code = "SALE-NEW", Name = "New sale" });
        var (dup, dupProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/transaction-codes",
            new SaveCatalogItem { Code = "sale-new", Name = "Other" });
        await admin.SendAsync<CatalogItemDto>(HttpMethod.Delete, $"/api/admin/transaction-codes/{code.Id}", null);
        var (reuse, reuseProblem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/transaction-codes",
            new SaveCatalogItem { Code = "SALE-NEW", Name = "Again" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["code", "name"], problem.Fields());
        Assert.Equal("The code can be at most 30 characters (this one has 31).", problem.Error("code"));
        Assert.Equal(("SALE-NEW", "New sale"), (code.Code, code.Name));
        Assert.Equal(HttpStatusCode.Conflict, dup);
        Assert.Equal("There is already a transaction code 'sale-new'.", dupProblem.Error("code"));
        Assert.Empty(await admin.GetAsync<List<TransactionCodeDto>>("/api/transaction-codes"));
        Assert.Equal(HttpStatusCode.Conflict, reuse);
        Assert.Contains("retired transaction code", reuseProblem.Error("code"));
    }

    [Fact]
    public async Task Break_reasons_start_from_the_setting_and_the_desktop_offers_only_the_active_ones()
    {
        using var admin = await app.SignInAsync("admin");
        var agentUser = await admin.CreateUserAsync("ana", Roles.Agent);
        using var agent = await app.SignInAsync("ana");
        var seeded = await admin.GetAsync<List<CatalogItemDto>>("/api/admin/break-reasons");
        var training = await admin.PostAsync("/api/admin/break-reasons", new SaveCatalogItem { Name = "Training" });
        await admin.SendAsync<CatalogItemDto>(HttpMethod.Delete, $"/api/admin/break-reasons/{seeded[0].Id}", null);

        var offered = await agent.GetAsync<List<string>>("/api/agents/break-reasons");
        var onBreak = await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "OnBreak", ReasonCode = "training" });
        var (retired, problem) = await agent.ProblemAsync(HttpMethod.Put, "/api/agents/me/state",
            new SetAgentState { State = "OnBreak", ReasonCode = "Lunch" });

        Assert.Equal(["Lunch", "Coaching"], seeded.Select(r => r.Name));
        Assert.Equal(["Coaching", "Training"], offered);
        Assert.Equal(("OnBreak", "Training"), (onBreak.State, onBreak.ReasonCode));
        Assert.Equal(HttpStatusCode.BadRequest, retired);
        Assert.Equal("'Lunch' is not a break reason; choose one of Coaching, Training.", problem.Error("reasonCode"));
        Assert.Equal(agentUser.Id, onBreak.Id);
        Assert.Equal("created", Assert.Single(await app.AuditAsync("break_reason", training.Id)).Action);
    }

    [Fact]
    public async Task Faq_answers_have_title_text_tags_and_queues_are_searched_by_tag_on_the_desktop_and_retired_ones_are_gone()
    {
        using var admin = await app.SignInAsync("admin");
        var queue = await admin.PostAsync("/api/admin/queues", new SaveQueue { Name = "Billing" });
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/faq",
            new SaveFaqAnswer { Title = "", Text = new string('x', 2001), Tags = [.. Enumerable.Range(1, 11).Select(i => $"t{i}")], QueueIds = [555] });
        var refund = await admin.PostAsync("/api/admin/faq", new SaveFaqAnswer
        {
            Title = "Refund policy", Text = "You can return any item within 30 days.", Tags = ["returns", "money back", "Returns"], QueueIds = [queue.Id],
        });
        var hours = await admin.PostAsync("/api/admin/faq", new SaveFaqAnswer { Title = "Opening hours", Text = "We are open 8 to 20." });

        var byTag = await admin.GetAsync<List<FaqAnswerDto>>("/api/faq?q=money");
        await admin.PostAsync<List<AdminFaqDto>>("/api/admin/faq/reorder", new ReorderRequest([hours.Id, refund.Id]));
        var ordered = await admin.GetAsync<List<FaqAnswerDto>>("/api/faq");
        await admin.SendAsync<AdminFaqDto>(HttpMethod.Delete, $"/api/admin/faq/{hours.Id}", null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["queueIds", "tags", "text", "title"], problem.Fields());
        Assert.Equal("An answer can have at most 10 tags (this one has 11).", problem.Error("tags"));
        Assert.Equal(["returns", "money back"], refund.Tags);
        var found = Assert.Single(byTag);
        Assert.Equal(("Refund policy", "You can return any item within 30 days.", "Billing"), (found.Question, found.Answer, found.Queue));
        Assert.Equal(["Billing"], found.Queues);
        Assert.Equal(["Opening hours", "Refund policy"], ordered.Select(f => f.Question));
        Assert.Equal(["Refund policy"], (await admin.GetAsync<List<FaqAnswerDto>>("/api/faq")).Select(f => f.Question));
        Assert.True((await admin.GetAsync<List<AdminFaqDto>>("/api/admin/faq")).Single(f => f.Id == hours.Id).Retired);
        Assert.Equal(["created", "retired"], (await app.AuditAsync("faq_answer", hours.Id)).Select(a => a.Action));
    }

    private sealed record ReorderRequest(List<long> Ids) : IReturn<List<CatalogItemDto>>, IReturn<List<AdminFaqDto>>;

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
