using Crm.ServiceInterface.Reports;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Reports;

/// <summary>The reports' rollup: written when a conversation settles, read live until then, rebuilt to the same figures.</summary>
public sealed class ReportRollupTests
{
    private const string Day = "from=2026-12-02&to=2026-12-02&tz=UTC";
    private static readonly string[] Reports =
    [
        $"volume?{Day}&groupBy=hour", $"speed?{Day}&groupBy=hour", $"wrapup?{Day}", $"agents?{Day}", $"service-level?{Day}",
        $"conversations?{Day}", $"conversations?{Day}&measure=abandoned&format=csv", $"speed?{Day}&format=csv",
    ];

    [Fact]
    public async Task A_rebuild_gives_the_same_figures_and_a_second_one_writes_nothing()
    {
        await using var day = await ScriptedDay.RunAsync();
        // A, B, C and D settled; E was never wrapped up, so it is read live.
        Assert.Equal(4, await day.Bed.ScalarAsync("SELECT COUNT(*) FROM report_conversations"));
        Assert.Equal(0, await day.Bed.ScalarAsync("SELECT COUNT(*) FROM report_conversations WHERE conversation_id = @E", new { E = day.Ids["E"] }));
        Assert.Equal(4, await day.Bed.ScalarAsync("SELECT COUNT(*) FROM report_conversation_agents")); // A, B twice, D
        // A window starting mid-chat: agent1 held A (accepted 09:00:10) until 09:02:00 and B from 09:10:05 to 09:11:00.
        var agents = await (await day.Bed.AgentAsync("supervisor")).GetAsync<AgentsReportDto>(
            "/api/reports/agents?from=2026-12-02T09:01:00Z&to=2026-12-02T09:12:00Z&tz=UTC");
        Assert.Equal(115_000, agents.Agents.Single(a => a.AgentId == day.Ids["agent1"]).HoldingMs);
        var before = await ReadAllAsync(day.Bed);

        await day.Bed.ScalarAsync("""
            DELETE FROM report_conversation_agents; DELETE FROM report_conversation_wrapups; DELETE FROM report_conversations; SELECT 0
            """);
        await day.RestartAsync();
        Assert.Equal(before, await ReadAllAsync(day.Bed)); // whole before the start-up fill: what lacks a row is read live
        await Eventually.TrueAsync(async () => await day.Bed.ScalarAsync("SELECT COUNT(*) FROM report_conversations") == 4, TimeSpan.FromSeconds(20),
            "the start-up fill wrote the rows back");
        Assert.Equal(before, await ReadAllAsync(day.Bed));
        Assert.Equal(0, await day.Bed.App.Services.GetRequiredService<ReportRollupRebuild>().RebuildAsync());
        Assert.Equal(before, await ReadAllAsync(day.Bed));
    }

    [Fact]
    public async Task A_conversation_is_read_live_until_its_agent_leaves_post_processing_and_then_from_its_row()
    {
        await using var bed = new RoutingTestBed(postProcessingSeconds: 3600);
        var reason = (await (await bed.AgentAsync("supervisor")).GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons"))[0];
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        await (await bed.AgentAsync("agent1")).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "Hi" });
        var rows = $"SELECT COUNT(*) FROM report_conversations WHERE conversation_id = {id}";

        var open = await VolumeAsync(bed);
        Assert.Equal((1, 1, 0), (open.Received, open.Answered, open.Abandoned)); // active: read live
        await bed.ActAsync("agent1", id, "end");
        await bed.ActAsync("agent1", id, "wrapup", new WrapUpConversation { ReasonIds = [reason.Id] });
        Assert.Equal("Closed", (await bed.ConversationAsync("supervisor", id)).State);
        Assert.Equal(0, await bed.ScalarAsync(rows)); // closed, but agent1's post processing is not over: not settled
        var closed = await ReportAsync<SpeedReportDto>(bed, "speed");
        Assert.Equal((1, 1, 1, 0), (closed.Total.Wait.Count, closed.Total.FirstResponse.Count, closed.Total.Handle.Count, closed.Total.PostProcessing.Count));
        Assert.Equal(1, (await ReportAsync<WrapUpReportDto>(bed, "wrapup")).Reasons.Single(r => r.Id == reason.Id).Count);

        await bed.AvailableAsync("agent1"); // post processing ends: the conversation settles in the same change
        Assert.Equal(1, await bed.ScalarAsync(rows));
        var settled = await ReportAsync<SpeedReportDto>(bed, "speed");
        Assert.Equal((closed.Total.Wait, closed.Total.FirstResponse, closed.Total.Handle),
            (settled.Total.Wait, settled.Total.FirstResponse, settled.Total.Handle));
        Assert.Equal(1, settled.Total.PostProcessing.Count);
        Assert.Equal(1, (await VolumeAsync(bed)).Received); // counted once: from its row, no longer live
        var agent1 = await bed.IdOfAsync("agent1");
        Assert.Equal(1, (await ReportAsync<AgentsReportDto>(bed, "agents")).Agents.Single(a => a.AgentId == agent1).Handled);
    }

    [Fact]
    public async Task Names_and_thresholds_changed_after_a_conversation_settled_show_in_its_figures()
    {
        await using var bed = new RoutingTestBed(postProcessingSeconds: 3600);
        var admin = await bed.AgentAsync("admin");
        var reason = (await admin.GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons"))[0];
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1");
        await bed.ActAsync("agent1", id, "end");
        await bed.ActAsync("agent1", id, "wrapup", new WrapUpConversation { ReasonIds = [reason.Id] });
        await bed.AvailableAsync("agent1");
        Assert.Equal(1, await bed.ScalarAsync($"SELECT COUNT(*) FROM report_conversations WHERE conversation_id = {id}"));

        await admin.SendAsync<CatalogItemDto>(HttpMethod.Put, $"/api/admin/wrapup-reasons/{reason.Id}", new SaveCatalogItem { Name = "Renamed reason" });
        var wrapUp = await ReportAsync<WrapUpReportDto>(bed, "wrapup");
        Assert.Equal("Renamed reason", wrapUp.Reasons.Single(r => r.Id == reason.Id).Name);
        var list = await ReportAsync<ReportConversationsDto>(bed, "conversations");
        Assert.Equal(["Renamed reason"], list.Conversations.Single(c => c.Id == id).WrapUpReasons);
    }

    private static Task<T> ReportAsync<T>(RoutingTestBed bed, string report) =>
        bed.AgentAsync("supervisor").ContinueWith(t => t.Result.GetAsync<T>($"/api/reports/{report}")).Unwrap();

    private static async Task<VolumeBucketDto> VolumeAsync(RoutingTestBed bed) => (await ReportAsync<VolumeReportDto>(bed, "volume")).Total;

    private static async Task<List<string>> ReadAllAsync(RoutingTestBed bed)
    {
        var supervisor = await bed.AgentAsync("supervisor");
        var all = new List<string>();
        foreach (var report in Reports) all.Add(await supervisor.Http.GetStringAsync($"/api/reports/{report}"));
        return all;
    }
}
