using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Admin;

/// <summary>What the admin sets is what the routing engine does, without a restart.</summary>
public sealed class AdminRoutingTests : IAsyncDisposable
{
    private readonly RoutingTestBed bed = new(rejectPolicy: "OnBreak");

    [Fact]
    public async Task An_agents_own_reject_policy_RONA_is_used_instead_of_the_global_On_Break_and_reject_permission_is_live()
    {
        using var admin = await bed.App.SignInAsync("admin");
        var id = await bed.IdOfAsync("agent1");
        await OnlyAgentInSupportAsync(admin, "agent1", canReject: false, rejectPolicy: "RONA");
        await bed.ReadyAsync("agent1");
        var (_, first) = await bed.CustomerWritesAsync("Rita Reject", "Hello");
        await bed.OfferedToAsync("agent1", first);
        var agent = await bed.AgentAsync("agent1");

        var (refused, _) = await agent.ProblemAsync(HttpMethod.Post, $"/api/conversations/{first}/reject");
        await OnlyAgentInSupportAsync(admin, "agent1", canReject: true, rejectPolicy: "RONA");
        (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{first}/reject")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal("RONA", (await bed.StateOfAsync("agent1")).State);
        Assert.Equal(id, (await bed.StateOfAsync("agent1")).Id);
    }

    [Fact]
    public async Task A_queue_set_to_save_the_transcript_at_wrap_up_files_the_case_when_the_agent_submits_wrap_up()
    {
        using var admin = await bed.App.SignInAsync("admin");
        var support = await OnlyAgentInSupportAsync(admin, "agent2", canReject: false, rejectPolicy: null);
        await admin.SendAsync<AdminQueueDto>(HttpMethod.Put, $"/api/admin/queues/{support.Id}", Save(support, saveAtWrapUp: true));
        await bed.ReadyAsync("agent2");
        var (_, id) = await bed.ActiveChatAsync("agent2", "Sally Save");
        await bed.ActAsync("agent2", id, "end");
        var reasons = await (await bed.AgentAsync("agent2")).GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons");

        await bed.ActAsync("agent2", id, "wrapup", new WrapUpConversation { ReasonIds = [reasons[0].Id], TransactionCodes = await CodesAsync(support) });

        await using var c = await bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        var caseId = Assert.Single(await c.QueryAsync<long>("SELECT id FROM cases WHERE conversation_id = @id", new { id }));
        var filed = await admin.GetAsync<CaseDto>($"/api/cases/{caseId}");
        Assert.Equal("Web chat with Sally Save", filed.Subject);
        Assert.Contains("Hello, I need help with my order", filed.Transcript);

        // Retiring the reason stops offering it; the case filed with it still shows it.
        await admin.SendAsync<CatalogItemDto>(HttpMethod.Delete, $"/api/admin/wrapup-reasons/{reasons[0].Id}", null);
        Assert.DoesNotContain(await admin.GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons"), r => r.Id == reasons[0].Id);
        Assert.Contains((await admin.GetAsync<CaseDto>($"/api/cases/{caseId}")).WrapUpReasons, r => r.Name == reasons[0].Name);
    }

    private async Task<List<string>> CodesAsync(AdminQueueDto queue)
    {
        if (!queue.TransactionCodesMandatory) return [];
        var agent = await bed.AgentAsync("agent2");
        return [(await agent.GetAsync<List<TransactionCodeDto>>("/api/transaction-codes"))[0].Code];
    }

    /// <summary>Support (the web chat's queue) gets this agent alone, with every skill it asks for; the agent gets the profile given.</summary>
    private async Task<AdminQueueDto> OnlyAgentInSupportAsync(CrmClient admin, string userName, bool canReject, string? rejectPolicy)
    {
        var id = await bed.IdOfAsync(userName);
        var support = (await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues")).Single(q => q.Name == "Support");
        var me = (await admin.GetAsync<List<AdminAgentDto>>("/api/admin/agents")).Single(a => a.Id == id);
        await admin.SendAsync<AdminAgentDto>(HttpMethod.Put, $"/api/admin/agents/{id}", new SaveAgentProfile
        {
            Capacity = 1,
            CanReject = canReject,
            SkillIds = [.. me.SkillIds.Union(support.SkillIds)],
            QueueIds = [.. me.QueueIds.Union([support.Id])],
            RejectPolicy = rejectPolicy,
        });
        var request = Save(support, support.SaveTranscriptAtWrapUp);
        request.MemberIds = [id];
        return await admin.SendAsync<AdminQueueDto>(HttpMethod.Put, $"/api/admin/queues/{support.Id}", request);
    }

    private static SaveQueue Save(AdminQueueDto q, bool saveAtWrapUp) => new()
    {
        Name = q.Name, Enabled = q.Enabled, SkillIds = [.. q.SkillIds],
        AcceptanceSeconds = q.AcceptanceSeconds, PostProcessingSeconds = q.PostProcessingSeconds,
        TransactionCodesMandatory = q.TransactionCodesMandatory, ServiceLevelSeconds = q.ServiceLevelSeconds, SaveTranscriptAtWrapUp = saveAtWrapUp,
    };

    public ValueTask DisposeAsync() => bed.DisposeAsync();
}
