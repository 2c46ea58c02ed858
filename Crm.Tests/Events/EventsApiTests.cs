using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using Crm.ServiceInterface.Events;

namespace Crm.Tests.Events;

public sealed class EventsApiTests : IDisposable
{
    private readonly TestFolder folder = new();
    private readonly CrmApp app;

    public EventsApiTests() => app = new CrmApp(folder);

    [Fact]
    public async Task An_event_appended_after_connecting_arrives_within_a_second_with_its_id_name_and_data()
    {
        using var admin = await app.SignInAsync("admin");
        var adminId = (await admin.GetAsync<List<UserDto>>("/api/users")).Single(u => u.UserName == "admin").Id;
        using var events = await admin.EventsAsync();
        Assert.Equal(HttpStatusCode.OK, events.Response.StatusCode);
        Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", events.Response.Headers.CacheControl?.ToString());

        var clock = Stopwatch.StartNew();
        var id = await app.AppendAsync(Audience.User(adminId), "offer.created", new { ConversationId = 42, CustomerName = "Ana" });
        var received = await events.NextEventAsync(EventsTestData.Soon);

        Assert.True(clock.Elapsed < EventsTestData.Soon, $"the event took {clock.Elapsed}");
        Assert.Equal(id.ToString(), received.Id);
        Assert.Equal("offer.created", received.Event);
        var data = JsonDocument.Parse(received.Data).RootElement;
        Assert.Equal(42, data.GetProperty("conversationId").GetInt32());
        Assert.Equal("Ana", data.GetProperty("customerName").GetString());
    }

    [Fact]
    public async Task Each_user_hears_only_their_own_events_staff_events_and_supervisor_events_when_a_supervisor()
    {
        using var admin = await app.SignInAsync("admin");
        var (agentA, agentAId) = await app.UserAsync(admin, "agent-a", Roles.Agent);
        var (agentB, agentBId) = await app.UserAsync(admin, "agent-b", Roles.Agent);
        var (supervisor, _) = await app.UserAsync(admin, "super", Roles.Supervisor);
        var (backOffice, _) = await app.UserAsync(admin, "clerk", Roles.BackOffice);
        using (agentA) using (agentB) using (supervisor) using (backOffice)
        {
            using var aEvents = await agentA.EventsAsync();
            using var bEvents = await agentB.EventsAsync();
            using var supervisorEvents = await supervisor.EventsAsync();
            using var backOfficeEvents = await backOffice.EventsAsync();
            using var adminEvents = await admin.EventsAsync();

            await app.AppendAsync(Audience.User(agentAId), "for-a", new { });
            await app.AppendAsync(Audience.User(agentBId), "for-b", new { });
            await app.AppendAsync(Audience.Supervisors, "for-supervisors", new { });
            await app.AppendAsync(Audience.WebChat("s1"), "for-a-web-chat", new { });
            await app.AppendAsync(Audience.Staff, "for-staff", new { });
            // Events arrive in order, so whatever a user was going to see has arrived by "end".
            await app.AppendAsync(Audience.Staff, "end", new { });

            Assert.Equal(["for-a", "for-staff", "end"], Names(await aEvents.EventsUntilAsync("end")));
            Assert.Equal(["for-b", "for-staff", "end"], Names(await bEvents.EventsUntilAsync("end")));
            Assert.Equal(["for-supervisors", "for-staff", "end"], Names(await supervisorEvents.EventsUntilAsync("end")));
            Assert.Equal(["for-staff", "end"], Names(await backOfficeEvents.EventsUntilAsync("end")));
            Assert.Equal(["for-supervisors", "for-staff", "end"], Names(await adminEvents.EventsUntilAsync("end")));
        }
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_gets_exactly_the_events_missed()
    {
        using var admin = await app.SignInAsync("admin");
        string lastSeen;
        using (var events = await admin.EventsAsync())
        {
            await app.AppendAsync(Audience.Staff, "one", new { });
            await app.AppendAsync(Audience.Staff, "two", new { });
            Assert.Equal(["one", "two"], Names(await events.EventsUntilAsync("two")));
            lastSeen = events.LastEventId!;
        }
        var three = await app.AppendAsync(Audience.Staff, "three", new { });
        var four = await app.AppendAsync(Audience.Staff, "four", new { });

        using var again = await admin.EventsAsync(lastEventId: lastSeen);
        await app.AppendAsync(Audience.Staff, "end", new { });

        var missed = await again.EventsUntilAsync("end");
        Assert.Equal(["three", "four", "end"], Names(missed));
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
            await first.AppendAsync(Audience.Staff, "one", new { });
            lastSeen = (await events.NextEventAsync()).Id!;
            await first.AppendAsync(Audience.Staff, "two", new { N = 2 });
            before = await first.AppendAsync(Audience.Staff, "three", new { });
        }

        using var second = new CrmApp(folder);
        var after = await second.AppendAsync(Audience.Staff, "four", new { });
        using var admin2 = await second.SignInAsync("admin");
        using var again = await admin2.EventsAsync(lastEventId: lastSeen);
        await second.AppendAsync(Audience.Staff, "end", new { });

        var missed = await again.EventsUntilAsync("end");
        Assert.Equal(["two", "three", "four", "end"], Names(missed));
        Assert.Equal("{\"n\":2}", missed[0].Data);
        Assert.True(after > before);
    }

    [Fact]
    public async Task The_lastEventId_query_parameter_resumes_like_the_header()
    {
        using var admin = await app.SignInAsync("admin");
        var one = await app.AppendAsync(Audience.Staff, "one", new { });
        await app.AppendAsync(Audience.Staff, "two", new { });

        using var events = await admin.EventsAsync(url: $"/api/events?lastEventId={one}");
        await app.AppendAsync(Audience.Staff, "end", new { });

        Assert.Equal(["two", "end"], Names(await events.EventsUntilAsync("end")));
    }

    [Fact]
    public async Task A_fresh_connection_starts_at_the_newest_event_without_replaying_history()
    {
        using var admin = await app.SignInAsync("admin");
        await app.AppendAsync(Audience.Staff, "old", new { });
        await app.AppendAsync(Audience.Staff, "older-still-unseen", new { });

        using var events = await admin.EventsAsync();
        await app.AppendAsync(Audience.Staff, "new", new { });

        Assert.Equal(["new"], Names(await events.EventsUntilAsync("new")));
    }

    [Fact]
    public async Task A_Last_Event_ID_beyond_the_newest_event_starts_at_the_newest_instead_of_waiting_for_it()
    {
        using var admin = await app.SignInAsync("admin");
        await app.AppendAsync(Audience.Staff, "old", new { });

        using var events = await admin.EventsAsync(lastEventId: "999999");
        await app.AppendAsync(Audience.Staff, "new", new { });

        Assert.Equal(["new"], Names(await events.EventsUntilAsync("new")));
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
        var id = await quick.AppendAsync(Audience.Staff, "one", new { });
        Assert.Equal(id.ToString(), (await events.NextEventAsync()).Id);

        var pings = new List<SseMessage>();
        while (pings.Count < 3)
            pings.Add(await events.NextAsync(TimeSpan.FromSeconds(5)) ?? throw new TimeoutException("no ping"));

        Assert.All(pings, p => Assert.Equal(("ping", null), (p.Event, p.Id)));
        Assert.Equal(id.ToString(), events.LastEventId);
        await quick.AppendAsync(Audience.Staff, "two", new { });
        Assert.Equal("two", (await events.NextEventAsync()).Event);
    }

    // Agents' desktops connecting tell supervisors (the monitor's presence column); these tests are about the other events.
    private static List<string> Names(IEnumerable<SseMessage> events) =>
        events.Where(e => e.Event != MonitorEvents.AgentPresence).Select(e => e.Event).ToList();

    public void Dispose()
    {
        app.Dispose();
        folder.Dispose();
    }
}
