using System.Net.Http.Json;
using System.Text.Json;
using Crm.Tests.Events;
using Crm.Tests.Routing;

namespace Crm.Tests.Monitor;

/// <summary>A supervisor sets agents' states through HTTP; the agent's desktop and the monitor hear it over SSE; the audit and the timeline keep it.</summary>
public sealed class SupervisorActionsTests
{
    [Fact]
    public async Task A_supervisor_puts_an_agent_on_break_the_agent_hears_who_did_it_and_the_audit_and_timeline_keep_it()
    {
        await using var bed = new RoutingTestBed();
        var agentId = await bed.IdOfAsync("agent1");
        await bed.AvailableAsync("agent1");
        var supervisor = await bed.AgentAsync("supervisor");
        using var agentEvents = await SseReader.ConnectAsync((await bed.AgentAsync("agent1")).Http, "/api/events");
        using var monitorEvents = await SseReader.ConnectAsync(supervisor.Http, "/api/events");

        var agent = await supervisor.SendAsync<AgentDto>(HttpMethod.Put, $"/api/agents/{agentId}/state",
            new SetAgentStateBySupervisor { State = "On Break", ReasonCode = "coaching", Note = "Coaching session on refunds" });

        Assert.Equal("OnBreak", agent.State);
        Assert.Equal("Coaching", agent.ReasonCode);
        var heard = JsonSerializer.Deserialize<AgentStateChanged>((await agentEvents.FirstAsync("agent-state")).Data, CrmClient.Json)!;
        Assert.Equal(StateCause.Supervisor, heard.Cause);
        Assert.Equal("OnBreak", heard.State);
        Assert.False(string.IsNullOrEmpty(heard.ChangedBy));
        var seen = JsonSerializer.Deserialize<AgentStateChanged>((await monitorEvents.FirstAsync("agent-state")).Data, CrmClient.Json)!;
        Assert.Equal(agentId, seen.AgentId);
        Assert.Equal("Coaching", seen.ReasonCode);

        var audit = await supervisor.GetAsync<List<AuditRecordDto>>("/api/audit?kind=agent.state-set&actor=supervisor");
        var entry = Assert.Single(audit);
        Assert.Equal(agentId, entry.EntityId);
        Assert.Equal("Available → On Break (Coaching): Coaching session on refunds", entry.Detail);
        Assert.Equal("supervisor", entry.Actor);
        var changes = await supervisor.GetAsync<List<AuditRecordDto>>("/api/audit?kind=agent-state");
        Assert.Equal(["On Break (Coaching) (by a supervisor)", "Available (by the agent)"], changes.Where(c => c.EntityId == agentId).Select(c => c.Detail));

        var timeline = await supervisor.GetAsync<AgentTimelineDto>($"/api/agents/{agentId}/timeline");
        Assert.Collection(timeline.Intervals,
            first => { Assert.Equal("Available", first.State); Assert.Equal(StateCause.Agent, first.Cause); Assert.Equal(seen.Since, first.To); },
            second => { Assert.Equal("OnBreak", second.State); Assert.Equal(StateCause.Supervisor, second.Cause); Assert.Null(second.To); });
    }

    [Fact]
    public async Task Offline_is_refused_while_the_agent_holds_chats_and_the_engine_causes_are_recorded()
    {
        await using var bed = new RoutingTestBed(acceptanceSeconds: 5);
        var agentId = await bed.IdOfAsync("agent5");
        await bed.ReadyAsync("agent5");
        var supervisor = await bed.AgentAsync("supervisor");
        var (_, id) = await bed.CustomerWritesAsync("Olga Offline", "Hello");
        await bed.OfferedToAsync("agent5", id);
        await bed.AcceptAsync("agent5", id);

        var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Put, $"/api/agents/{agentId}/state",
            new SetAgentStateBySupervisor { State = "Offline" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("holds 1 chat; they can go Offline once these are finished or transferred", problem.GetProperty("detail").GetString());
        Assert.Equal("Available", (await bed.StateOfAsync("agent5")).State);

        await bed.ActAsync("agent5", id, "end");
        await bed.ActAsync("agent5", id, "wrapup", new WrapUpConversation { ReasonIds = [1] });
        var done = await supervisor.SendAsync<AgentDto>(HttpMethod.Put, $"/api/agents/{agentId}/state", new SetAgentStateBySupervisor { State = "Available" });
        Assert.Equal("Available", done.State);
        var (_, missed) = await bed.CustomerWritesAsync("Lars Lapse", "Anyone?");
        await bed.OfferedToAsync("agent5", missed);
        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent5")).State == "OnBreak", TimeSpan.FromSeconds(15), "the offer lapsed");

        var causes = (await supervisor.GetAsync<AgentTimelineDto>($"/api/agents/{agentId}/timeline")).Intervals.Select(i => (i.State, i.Cause));
        Assert.Equal(
            [("Available", StateCause.Agent), ("PostProcessing", StateCause.ChatEnded), ("Available", StateCause.Supervisor), ("OnBreak", StateCause.Lapse)],
            causes);
        var monitor = await supervisor.GetAsync<MonitorDto>("/api/monitor");
        var row = monitor.Agents.Single(a => a.Id == agentId);
        Assert.Equal((1, 0, 1), (row.AcceptedToday, row.RejectedToday, row.MissedToday));
        Assert.Equal(StateCause.Lapse, row.Cause);
        Assert.NotNull(row.AverageHandleMsToday);
    }

    [Fact]
    public async Task Agents_get_403_on_the_monitor_on_other_agents_state_and_timeline_and_the_audit()
    {
        await using var bed = new RoutingTestBed();
        var agent1 = await bed.AgentAsync("agent1");
        var me = await bed.IdOfAsync("agent1");
        var other = await bed.IdOfAsync("agent2");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent1.RawAsync(HttpMethod.Get, "/api/monitor")).StatusCode);
        var setOther = await agent1.RawAsync(HttpMethod.Put, $"/api/agents/{other}/state", new SetAgentStateBySupervisor { State = "Offline" });
        Assert.Equal(HttpStatusCode.Forbidden, setOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent1.RawAsync(HttpMethod.Get, $"/api/agents/{other}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent1.RawAsync(HttpMethod.Get, "/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent1.RawAsync(HttpMethod.Get, $"/api/agents/{me}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bed.App.Anonymous().RawAsync(HttpMethod.Get, "/api/monitor")).StatusCode);
        Assert.Equal("Offline", (await bed.StateOfAsync("agent2")).State);
    }

    [Fact]
    public async Task Bad_requests_name_every_field_in_words_and_change_nothing()
    {
        await using var bed = new RoutingTestBed();
        var supervisor = await bed.AgentAsync("supervisor");
        var agentId = await bed.IdOfAsync("agent1");

        var (status, problem) = await supervisor.ProblemAsync(HttpMethod.Put, $"/api/agents/{agentId}/state",
            new SetAgentStateBySupervisor { State = "RONA", ReasonCode = "Lunch", Note = new string('x', 501) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Contains("not a state a supervisor sets", errors.GetProperty("state")[0].GetString());
        Assert.Equal("A break reason goes only with On Break.", errors.GetProperty("reasonCode")[0].GetString());
        Assert.Equal("The note can be at most 500 characters (this one has 501).", errors.GetProperty("note")[0].GetString());

        var (unknownReason, reasonProblem) = await supervisor.ProblemAsync(HttpMethod.Put, $"/api/agents/{agentId}/state",
            new SetAgentStateBySupervisor { State = "OnBreak", ReasonCode = "Nap" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownReason);
        Assert.StartsWith("'Nap' is not a break reason", reasonProblem.GetProperty("errors").GetProperty("reasonCode")[0].GetString());

        foreach (var body in new object[] { new { state = (string?)null }, new { state = 7 }, new { } })
            Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.ProblemAsync(HttpMethod.Put, $"/api/agents/{agentId}/state", body)).Status);
        using var empty = await supervisor.Http.PutAsync($"/api/agents/{agentId}/state", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var unknown = await supervisor.ProblemAsync(HttpMethod.Put, "/api/agents/99999/state", new SetAgentStateBySupervisor { State = "Available" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var (badDate, dateProblem) = await supervisor.ProblemAsync(HttpMethod.Get, $"/api/audit?from=yesterday&to=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, badDate);
        Assert.Equal(2, dateProblem.GetProperty("errors").EnumerateObject().Count());

        Assert.Equal("Offline", (await bed.StateOfAsync("agent1")).State);
        Assert.Empty(await supervisor.GetAsync<List<AuditRecordDto>>("/api/audit?kind=agent.state-set"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_monitor_events()
    {
        await using var bed = new RoutingTestBed();
        using var http = bed.App.CreateClient();
        var doc = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var changed = schemas.GetProperty("AgentStateChanged");
        Assert.Contains("agent-state", changed.GetProperty("description").GetString());
        Assert.True(changed.GetProperty("properties").TryGetProperty("cause", out _));
        Assert.True(schemas.GetProperty("AgentPresenceChanged").GetProperty("properties").TryGetProperty("disconnectedAt", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/monitor", out _));
    }
}
