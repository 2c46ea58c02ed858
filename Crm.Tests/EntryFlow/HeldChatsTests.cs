using System.Net;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>Supervisors see the chats the entry flow holds (counts on the Monitor's queue rows, and a list) and can route one now.</summary>
public sealed class HeldChatsTests : IAsyncLifetime
{
    private readonly EntryFlowBed flow = new();
    private Crm.Tests.Routing.RoutingTestBed Bed => flow.Bed;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await flow.DisposeAsync();

    [Fact]
    public async Task A_chat_held_while_closed_shows_on_the_monitor_and_a_supervisor_routes_it_now_audited()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00")); // Tuesday 19:00 in Madrid: closed
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);
        var (_, id) = await Bed.CustomerWritesAsync("Hedda Held", "Anyone there tonight?");
        var supervisor = await Bed.AgentAsync("supervisor");

        var support = (await supervisor.GetAsync<MonitorDto>("/api/monitor")).Queues.Single(q => q.Name == "Support");
        Assert.Equal(new MonitorHeldDto(1, 0, 0, 0), support.Held);
        var held = Assert.Single(await supervisor.GetAsync<List<HeldChatDto>>("/api/monitor/held"));
        Assert.Equal((id, "Hedda Held", "webchat", "webchat", "Support", HoldKind.Closed, Utc("2026-06-17T07:00:00").ToUnixTimeMilliseconds()),
            (held.ConversationId, held.CustomerName, held.Channel, held.EntryPoint, held.Queue, held.Hold, held.Until));
        using (var raw = await supervisor.RawAsync(HttpMethod.Get, "/api/monitor/held"))
            Assert.Contains("\"hold\":\"closed\"", await raw.Content.ReadAsStringAsync()); // the enum keeps the stored spelling

        var (forbidden, _) = await (await Bed.AgentAsync("agent1")).ProblemAsync(HttpMethod.Post, $"/api/monitor/held/{id}/route-now");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        using var routed = await supervisor.RawAsync(HttpMethod.Post, $"/api/monitor/held/{id}/route-now");
        Assert.Equal(HttpStatusCode.NoContent, routed.StatusCode);

        await Bed.ReadyAsync("agent1");
        await Bed.OfferedToAsync("agent1", id);
        Assert.Empty(await supervisor.GetAsync<List<HeldChatDto>>("/api/monitor/held"));
        Assert.Equal(1, await flow.ScalarAsync(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'conversation' AND entity_id = @id AND action = 'routed_now'", new { id }));
        var (again, problem) = await supervisor.ProblemAsync(HttpMethod.Post, $"/api/monitor/held/{id}/route-now");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("not held any more", problem.GetProperty("detail").GetString());
    }
}
