using System.Net.Http.Json;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>Web chat through an entry point with business hours (Madrid), special days, emergencies and route-anyway, on a controlled clock.</summary>
public sealed class EntryFlowTests : IAsyncLifetime
{
    private readonly EntryFlowBed flow = new();
    private Crm.Tests.Routing.RoutingTestBed Bed => flow.Bed;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await flow.DisposeAsync();

    [Fact]
    public async Task Inside_business_hours_the_chat_is_routed_with_no_automatic_message()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // Tuesday 10:00 in Madrid
        var hours = await flow.OfficeHoursAsync();
        Assert.True(hours.OpenNow);
        await flow.EntryPointAsync("webchat", hours.Id);
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Olga Open", "Hello, is anyone there?");

        await Bed.OfferedToAsync("agent1", id);
        Assert.Empty(await flow.AutomaticRepliesAsync(session));
    }

    [Theory]
    [InlineData("2026-06-16T06:00:00", "2026-06-16T07:00:00", "Tue 16 Jun 09:00")]  // before: 08:00 local
    [InlineData("2026-06-16T12:00:00", "2026-06-16T13:00:00", "Tue 16 Jun 15:00")]  // the split shift's lunch gap
    [InlineData("2026-06-16T17:00:00", "2026-06-17T07:00:00", "Wed 17 Jun 09:00")]  // after: 19:00 local
    [InlineData("2026-03-28T10:00:00", "2026-03-30T07:00:00", "Mon 30 Mar 09:00")]  // weekend over the spring change: Monday is CEST (UTC+2)
    [InlineData("2026-10-24T10:00:00", "2026-10-26T08:00:00", "Mon 26 Oct 09:00")]  // and over the autumn change: CET (UTC+1)
    public async Task Outside_business_hours_the_customer_is_told_once_and_the_chat_waits_until_opening(string now, string opens, string opensLocal)
    {
        flow.Clock.Set(Utc(now));
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);

        var (session, id) = await Bed.CustomerWritesAsync("Nina Night", "Hi, my order has not arrived");
        await Bed.CustomerSaysAsync(session, "Order 4411, in case it helps");

        var reply = Assert.Single(await flow.AutomaticRepliesAsync(session));
        Assert.Equal($"We are closed now; we open again {opensLocal}. Your message is safe with us.", reply.Text);
        var held = await flow.HoldOfAsync(id);
        Assert.Equal(("closed", Utc(opens).ToUnixTimeMilliseconds(), "Queued"), held);

        flow.Clock.Set(Utc(opens).AddSeconds(1)); // the sweep sees the entry point open
        await Bed.ReadyAsync("agent1"); // signed in on the day: a session from the day before would have expired
        await Bed.OfferedToAsync("agent1", id);
        Assert.Single(await flow.AutomaticRepliesAsync(session));
        var conversation = await Bed.ConversationAsync("agent1", id);
        Assert.Equal(2, conversation.Messages.Count(m => m.Direction == "in"));
    }

    [Fact]
    public async Task On_a_special_day_the_customer_gets_that_days_message_and_the_chat_waits_for_the_next_opening()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // within the usual hours
        var hours = await flow.OfficeHoursAsync();
        await (await flow.AdminAsync()).PostAsync("/api/admin/special-days", new SaveSpecialDay
        {
            Date = "2025-06-16", Name = "Local holiday", Closed = true, Message = "Today is a local holiday; we answer tomorrow from 09:00.",
            RepeatsYearly = true, BusinessHoursId = hours.Id,
        });
        await flow.EntryPointAsync("webchat", hours.Id);

        var (session, id) = await Bed.CustomerWritesAsync("Hilda Holiday", "Are you open today?");

        Assert.Equal("Today is a local holiday; we answer tomorrow from 09:00.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal(("special_day", Utc("2026-06-17T07:00:00").ToUnixTimeMilliseconds(), "Queued"), await flow.HoldOfAsync(id));
        flow.Clock.Set(Utc("2026-06-17T07:00:01"));
        await Bed.ReadyAsync("agent1");
        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task Route_anyway_sends_the_closed_message_and_routes_at_once()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00"));
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id, change: e => e.RouteAnyway = true);
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Rita Late", "Still there?");

        await Bed.OfferedToAsync("agent1", id);
        Assert.Single(await flow.AutomaticRepliesAsync(session));
    }

    [Fact]
    public async Task An_emergency_that_holds_routing_tells_the_customer_once_and_releases_the_chat_when_switched_off()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00"));
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);
        var admin = await flow.AdminAsync();
        var on = await admin.SendAsync<EmergencyDto>(HttpMethod.Put, "/api/admin/emergency",
            new SetEmergency { Active = true, Message = "Our systems are down; we will answer as soon as they are back.", HoldRouting = true });
        Assert.Null(on.EntryPointId);
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Erin Urgent", "My card was stolen");
        await Bed.CustomerSaysAsync(session, "Please block it");

        Assert.Equal("Our systems are down; we will answer as soon as they are back.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal("emergency", (await flow.HoldOfAsync(id)).Hold);
        await admin.SendAsync<EmergencyDto>(HttpMethod.Put, "/api/admin/emergency", new SetEmergency { Active = false, Message = "" });
        await Bed.OfferedToAsync("agent1", id);
        Assert.Equal(1, await flow.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'emergency' AND action = 'on'"));
    }

    [Fact]
    public async Task The_emergency_for_all_holds_a_chat_that_no_entry_point_names_too()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00"));
        var admin = await flow.AdminAsync();
        await admin.SendAsync<EmergencyDto>(HttpMethod.Put, "/api/admin/emergency",
            new SetEmergency { Active = true, Message = "We are dealing with an outage.", HoldRouting = true });
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Nora Noentry", "Is the service down?");
        using (var http = Bed.App.CreateClient())
        {
            var answered = await (await http.PostAsJsonAsync($"/api/webchat/sessions/{session}/messages", new SendWebChatMessage { Text = "Hello?" }))
                .Content.ReadFromJsonAsync<WebChatMessage>();
            // The page orders the thread by the times it is given: the one answered is the one stored.
            Assert.Equal(answered!.SentAt, (await Bed.CustomerSeesAsync(session)).Single(m => m.Id == answered.Id).SentAt);
        }

        Assert.Equal("We are dealing with an outage.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal("emergency", (await flow.HoldOfAsync(id)).Hold);
        await admin.SendAsync<EmergencyDto>(HttpMethod.Put, "/api/admin/emergency", new SetEmergency { Active = false, Message = "" });
        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task An_emergency_of_one_entry_point_that_lets_routing_continue_sends_its_message_and_routes()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00"));
        var entry = await flow.EntryPointAsync("webchat", null);
        await (await flow.AdminAsync()).SendAsync<EmergencyDto>(HttpMethod.Put, "/api/admin/emergency",
            new SetEmergency { EntryPointId = entry.Id, Active = true, Message = "Storm warning: expect delays.", HoldRouting = false });
        await Bed.ReadyAsync("agent1");

        var (session, id) = await Bed.CustomerWritesAsync("Dora Delay", "Hi");

        await Bed.OfferedToAsync("agent1", id);
        Assert.Equal("Storm warning: expect delays.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
    }

    [Fact]
    public async Task Changing_the_hours_releases_a_waiting_chat_at_once()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00"));
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);
        await Bed.ReadyAsync("agent1");
        var (_, id) = await Bed.CustomerWritesAsync("Lena Live", "Hello?");
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);

        await (await flow.AdminAsync()).SendAsync<BusinessHoursDto>(HttpMethod.Put, $"/api/admin/business-hours/{hours.Id}", new SaveBusinessHours
        {
            Name = "Madrid office", TimeZone = "Europe/Madrid", Slots = [new OpeningSlotDto { Day = "tuesday", Open = "09:00", Close = "22:00" }],
        });

        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task Without_an_entry_point_the_configured_queue_still_takes_the_chat()
    {
        await Bed.ReadyAsync("agent1");
        var (_, id) = await Bed.CustomerWritesAsync("Fiona Fallback", "Hello");
        await Bed.OfferedToAsync("agent1", id);
        Assert.Equal("Support", (await Bed.ConversationAsync("agent1", id)).QueueName);
    }
}
