using System.Text;
using System.Text.Json;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Events;

public sealed class EventsApiTests : IDisposable
{
    private readonly TestFolder folder = new();
    private readonly CrmApp app;

    public EventsApiTests() => app = new CrmApp(folder);

    [Fact]
    public async Task A_state_change_reaches_the_agent_as_the_agent_state_event_the_desktop_listens_for_with_its_id_and_data()
    {
        using var admin = await app.SignInAsync("admin");
        var (agent, agentId) = await app.UserAsync(admin, "agent-a", Roles.Agent);
        using (agent)
        {
            using var events = await agent.EventsAsync();
            Assert.Equal(HttpStatusCode.OK, events.Response.StatusCode);
            Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no-cache", events.Response.Headers.CacheControl?.ToString());

            await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "OnBreak", ReasonCode = "Lunch" });
            var received = await events.NextEventAsync();

            // The name the browser's EventSource listens for (deskLive.ts), written out: renaming it must fail here.
            Assert.Equal("agent-state", received.Event);
            Assert.Equal(AgentStateChanged.Name, received.Event);
            Assert.NotNull(received.Id);
            var data = JsonSerializer.Deserialize<AgentStateChanged>(received.Data, CrmClient.Json)!;
            Assert.Equal((agentId, "OnBreak", "Lunch", (MissedOffer?)null), (data.AgentId, data.State, data.ReasonCode, data.MissedOffer));
        }
    }

    [Fact]
    public void Every_pushed_event_record_is_listed_once_under_its_own_name()
    {
        var records = typeof(IPushedEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IPushedEvent).IsAssignableFrom(t)).ToList();

        Assert.Equal(records.Select(t => t.Name).Order(), PushedEvents.ByName.Values.Select(t => t.Name).Order());
        Assert.All(PushedEvents.ByName, e => Assert.Equal(e.Key, e.Value.GetProperty(nameof(IPushedEvent.Name))!.GetValue(null)));
        Assert.Equal(["agent-presence", "agent-state", "conversation", "ended", "entry-flow", "message", "message-edited", "message-status", "offer",
            "offer-revoked", "supervision", "taken-over"], PushedEvents.ByName.Keys.Order());
    }

    [Fact]
    public async Task Each_user_hears_only_their_own_events_and_supervisor_events_when_a_supervisor()
    {
        using var admin = await app.SignInAsync("admin");
        var (agentA, agentAId) = await app.UserAsync(admin, "agent-a", Roles.Agent);
        var (agentB, agentBId) = await app.UserAsync(admin, "agent-b", Roles.Agent);
        var (supervisor, supervisorId) = await app.UserAsync(admin, "super", Roles.Supervisor);
        var (backOffice, backOfficeId) = await app.UserAsync(admin, "clerk", Roles.BackOffice);
        var adminId = (await admin.GetAsync<List<UserDto>>("/api/users")).Single(u => u.UserName == "admin").Id;
        using (agentA) using (agentB) using (supervisor) using (backOffice)
        {
            using var aEvents = await agentA.EventsAsync();
            using var bEvents = await agentB.EventsAsync();
            using var supervisorEvents = await supervisor.EventsAsync();
            using var backOfficeEvents = await backOffice.EventsAsync();
            using var adminEvents = await admin.EventsAsync();

            await app.MarkAsync(Audience.User(agentAId), "for-a");
            await app.MarkAsync(Audience.User(agentBId), "for-b");
            await app.MarkAsync(Audience.Supervisors, "for-supervisors");
            await app.MarkAsync(Audience.WebChat("s1"), "for-a-web-chat");
            // Events arrive in order, so whatever a user was going to see has arrived by their own "end".
            foreach (var id in new[] { agentAId, agentBId, supervisorId, backOfficeId, adminId }) await app.MarkAsync(Audience.User(id), "end");

            Assert.Equal(["for-a", "end"], await aEvents.LabelsUntilAsync("end"));
            Assert.Equal(["for-b", "end"], await bEvents.LabelsUntilAsync("end"));
            // Agents' desktops connecting tell supervisors (the monitor's presence column): not what this test is about.
            Assert.Equal(["for-supervisors", "end"], (await supervisorEvents.LabelsUntilAsync("end")).Where(l => l != AgentPresenceChanged.Name));
            Assert.Equal(["end"], await backOfficeEvents.LabelsUntilAsync("end"));
            Assert.Equal(["for-supervisors", "end"], (await adminEvents.LabelsUntilAsync("end")).Where(l => l != AgentPresenceChanged.Name));
        }
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_gets_exactly_the_events_missed()
    {
        using var admin = await app.SignInAsync("admin");
        string lastSeen;
        using (var events = await admin.EventsAsync())
        {
            await app.MarkAsync(Audience.Supervisors, "one");
            await app.MarkAsync(Audience.Supervisors, "two");
            Assert.Equal(["one", "two"], await events.LabelsUntilAsync("two"));
            lastSeen = events.LastEventId!;
        }
        var three = await app.MarkAsync(Audience.Supervisors, "three");
        var four = await app.MarkAsync(Audience.Supervisors, "four");

        using var again = await admin.EventsAsync(lastEventId: lastSeen);
        await app.MarkAsync(Audience.Supervisors, "end");

        var missed = await again.EventsUntilAsync(m => m.Label() == "end");
        Assert.Equal(["three", "four", "end"], missed.Select(m => m.Label()));
        Assert.Equal([three.ToString(), four.ToString()], missed.Take(2).Select(e => e.Id));
    }

    [Fact]
    public async Task Reconnecting_after_a_restart_gets_exactly_the_events_missed_and_ids_keep_growing()
    {
        string lastSeen;
        long before;
        using (var first = new CrmApp(folder))
        {
            using var admin = await first.SignInAsync("admin");
            using var events = await admin.EventsAsync();
            await first.MarkAsync(Audience.Supervisors, "one");
            lastSeen = (await events.NextEventAsync()).Id!;
            await first.MarkAsync(Audience.Supervisors, "two", 2);
            before = await first.MarkAsync(Audience.Supervisors, "three");
        }

        using var second = new CrmApp(folder);
        var after = await second.MarkAsync(Audience.Supervisors, "four");
        using var admin2 = await second.SignInAsync("admin");
        using var again = await admin2.EventsAsync(lastEventId: lastSeen);
        await second.MarkAsync(Audience.Supervisors, "end");

        var missed = await again.EventsUntilAsync(m => m.Label() == "end");
        Assert.Equal(["two", "three", "four", "end"], missed.Select(m => m.Label()));
        Assert.Equal("""{"label":"two","n":2}""", missed[0].Data);
        Assert.True(after > before);
    }

    [Fact]
    public async Task The_lastEventId_query_parameter_resumes_like_the_header()
    {
        using var admin = await app.SignInAsync("admin");
        var one = await app.MarkAsync(Audience.Supervisors, "one");
        await app.MarkAsync(Audience.Supervisors, "two");

        using var events = await admin.EventsAsync(url: $"/api/events?lastEventId={one}");
        await app.MarkAsync(Audience.Supervisors, "end");

        Assert.Equal(["two", "end"], await events.LabelsUntilAsync("end"));
    }

    [Fact]
    public async Task A_fresh_connection_starts_at_the_newest_event_without_replaying_history()
    {
        using var admin = await app.SignInAsync("admin");
        await app.MarkAsync(Audience.Supervisors, "old");
        await app.MarkAsync(Audience.Supervisors, "older-still-unseen");

        using var events = await admin.EventsAsync();
        await app.MarkAsync(Audience.Supervisors, "new");

        Assert.Equal(["new"], await events.LabelsUntilAsync("new"));
    }

    [Fact]
    public async Task A_Last_Event_ID_beyond_the_newest_event_starts_at_the_newest_instead_of_waiting_for_it()
    {
        using var admin = await app.SignInAsync("admin");
        await app.MarkAsync(Audience.Supervisors, "old");

        using var events = await admin.EventsAsync(lastEventId: "999999");
        await app.MarkAsync(Audience.Supervisors, "new");

        Assert.Equal(["new"], await events.LabelsUntilAsync("new"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task A_Last_Event_ID_that_is_not_an_id_gets_400(string lastEventId)
    {
        using var admin = await app.SignInAsync("admin");

        using var events = await admin.EventsAsync(lastEventId);

        Assert.Equal(HttpStatusCode.BadRequest, events.Response.StatusCode);
    }

    [Fact]
    public async Task Strangers_get_401()
    {
        using var stranger = app.Anonymous();

        var (status, _) = await stranger.ProblemAsync(HttpMethod.Get, "/api/events");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task An_idle_stream_sends_pings_that_never_move_the_Last_Event_ID()
    {
        using var quickFolder = new TestFolder();
        using var quick = new CrmApp(quickFolder, settings: new Dictionary<string, string?> { ["Crm:Events:HeartbeatSeconds"] = "0.2" });
        using var admin = await quick.SignInAsync("admin");
        using var events = await admin.EventsAsync();
        var id = await quick.MarkAsync(Audience.Supervisors, "one");
        Assert.Equal(id.ToString(), (await events.NextEventAsync()).Id);

        var pings = new List<SseMessage>();
        while (pings.Count < 3)
            pings.Add(await events.NextAsync(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException("no ping"));

        Assert.All(pings, p => Assert.Equal(("ping", null), (p.Event, p.Id)));
        Assert.Equal(id.ToString(), events.LastEventId);
        await quick.MarkAsync(Audience.Supervisors, "two");
        Assert.Equal("two", (await events.NextEventAsync()).Label());
    }

    [Fact]
    public async Task A_queue_change_nudges_the_desktops_to_re_read_their_Inbox_without_moving_the_Last_Event_ID()
    {
        using var admin = await app.SignInAsync("admin");
        var (agent, agentId) = await app.UserAsync(admin, "agent-inbox", Roles.Agent);
        using (agent)
        {
            using var events = await agent.EventsAsync();
            var before = await app.MarkAsync(Audience.User(agentId), "before");
            Assert.Equal(before.ToString(), (await events.NextEventAsync()).Id);

            // What RoutingStore does when a queue's waiting list changes; the shared ticker passes it on within a second.
            app.Services.GetRequiredService<InboxWatch>().Touch();
            var nudge = await events.NextAsync(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no inbox nudge");

            Assert.Equal(("inbox", null), (nudge.Event, nudge.Id));
            Assert.Equal(before.ToString(), events.LastEventId);
            await app.MarkAsync(Audience.User(agentId), "after");
            Assert.Equal("after", (await events.NextEventAsync()).Label());
        }
    }

    [Fact]
    public void A_frame_carries_data_with_a_line_break_as_two_data_lines_that_EventSource_joins_again()
    {
        var frame = Encoding.UTF8.GetString(SseFrame.Of(new CrmEvent(42, Audience.Supervisors, "mark", "{\"a\":1,\n\"b\":2}", 0)));

        Assert.Equal("event: mark\ndata: {\"a\":1,\ndata: \"b\":2}\nid: 42\n\n", frame);
        Assert.Equal("event: ping\ndata: {}\n\n", Encoding.UTF8.GetString(SseFrame.Signal("ping")));
    }

    public void Dispose()
    {
        app.Dispose();
        folder.Dispose();
    }
}
