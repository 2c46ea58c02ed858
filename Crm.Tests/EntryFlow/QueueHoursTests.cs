using System.Net;
using Crm.ServiceInterface.EntryFlow;
using Crm.Tests.Admin;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>Business hours on the queue itself: a chat entering a closed queue (entry point, bot handoff, transfer) waits, told once, until it opens.</summary>
public sealed class QueueHoursTests : IAsyncLifetime
{
    private const string QueueClosed = "Billing is closed; it opens {opens}.";
    private readonly EntryFlowBed flow = new();
    private Crm.Tests.Routing.RoutingTestBed Bed => flow.Bed;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await flow.DisposeAsync();

    [Fact]
    public async Task A_chat_entering_a_closed_queue_from_an_always_open_entry_point_is_told_once_and_routed_when_the_queue_opens()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00")); // Tuesday 19:00 in Madrid: the queue's office has closed
        var hours = await flow.OfficeHoursAsync();
        var queue = await flow.QueueHoursAsync("Support", hours.Id, "Support is closed now; we open again {opens}.");
        Assert.Equal(hours.Id, queue.BusinessHoursId);
        await flow.EntryPointAsync("webchat", null); // the entry point itself is always open

        var (session, id) = await Bed.CustomerWritesAsync("Quentin Queue", "Is my refund on its way?");
        await Bed.CustomerSaysAsync(session, "Order 9911");

        var reply = Assert.Single(await flow.AutomaticRepliesAsync(session));
        Assert.Equal("Support is closed now; we open again Wed 17 Jun 09:00.", reply.Text);
        Assert.Equal(("closed", Utc("2026-06-17T07:00:00").ToUnixTimeMilliseconds(), "Queued"), await flow.HoldOfAsync(id));

        flow.Clock.Set(Utc("2026-06-17T07:00:01"));
        await Bed.ReadyAsync("agent1");
        await Bed.OfferedToAsync("agent1", id);
        Assert.Single(await flow.AutomaticRepliesAsync(session));
    }

    [Fact]
    public async Task A_chat_without_an_entry_point_waits_for_a_closed_queue_too_and_a_special_day_follows_the_queues_calendar()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // Tuesday 10:00 in Madrid: open by the hours, but a special day of this calendar
        var hours = await flow.OfficeHoursAsync();
        await (await flow.AdminAsync()).PostAsync("/api/admin/special-days", new SaveSpecialDay
        {
            Date = "2026-06-16", Name = "Staff training", Closed = true, Message = "Training day: back {opens}.", BusinessHoursId = hours.Id,
        });
        await flow.QueueHoursAsync("Support", hours.Id);

        var (session, id) = await Bed.CustomerWritesAsync("Sid Special", "Hello?");

        Assert.Equal("Training day: back Wed 17 Jun 09:00.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal("special_day", (await flow.HoldOfAsync(id)).Hold);

        await flow.QueueHoursAsync("Support", null); // "always open": the waiting chat is let in at once
        await Bed.ReadyAsync("agent1");
        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task The_bot_answers_while_the_queue_is_closed_and_its_handoff_waits_for_the_queue_to_open()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00"));
        var hours = await flow.OfficeHoursAsync();
        await flow.QueueHoursAsync("Support", hours.Id);
        await flow.EntryPointAsync("webchat", null, change: e => e.Bot = "builtin");

        var (session, id) = await Bed.CustomerWritesAsync("Bob Bot", "What are your opening hours?");
        Assert.Equal(2, (await flow.AutomaticRepliesAsync(session, EntryFlowEngine.BotAuthor)).Count); // greeting and FAQ answer
        Assert.Equal("bot", (await flow.HoldOfAsync(id)).Hold);
        Assert.Empty(await flow.AutomaticRepliesAsync(session));

        await Bed.CustomerSaysAsync(session, "An agent please");

        Assert.StartsWith("We are closed now; we open again Wed 17 Jun 09:00", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);
        flow.Clock.Set(Utc("2026-06-17T07:00:01"));
        await Bed.ReadyAsync("agent1");
        await Bed.OfferedToAsync("agent1", id);
    }

    [Fact]
    public async Task A_chat_transferred_to_a_closed_queue_waits_there_with_the_queues_message_and_is_routed_when_it_opens()
    {
        flow.Clock.Set(Utc("2026-06-16T17:00:00"));
        var hours = await flow.OfficeHoursAsync();
        await flow.QueueHoursAsync("Billing", hours.Id, QueueClosed);
        await Bed.ReadyAsync("agent1");
        var (session, id) = await Bed.ActiveChatAsync("agent1");

        await Bed.ActAsync("agent1", id, "transfer", new TransferConversation { QueueId = await flow.QueueIdAsync("Billing") });

        Assert.Equal("Billing is closed; it opens Wed 17 Jun 09:00.", Assert.Single(await flow.AutomaticRepliesAsync(session)).Text);
        Assert.Equal(("closed", Utc("2026-06-17T07:00:00").ToUnixTimeMilliseconds(), "Queued"), await flow.HoldOfAsync(id));
        await Bed.CustomerSaysAsync(session, "Still there?");
        Assert.Single(await flow.AutomaticRepliesAsync(session)); // once per period

        flow.Clock.Set(Utc("2026-06-17T07:00:01"));
        await Bed.ReadyAsync("agent3"); // Billing
        await Bed.OfferedToAsync("agent3", id);
    }

    [Fact]
    public async Task Queue_hours_that_do_not_exist_or_a_closed_message_too_long_are_refused_in_words()
    {
        var admin = await flow.AdminAsync();
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/queues",
            new SaveQueue { Name = "Night desk", BusinessHoursId = 9999, ClosedMessage = new string('m', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["businessHoursId", "closedMessage"], problem.Fields());
        Assert.Contains("always open", problem.Error("businessHoursId"));
        Assert.Equal("The closed message can be at most 1,000 characters (this one has 1,001).", problem.Error("closedMessage"));
        Assert.DoesNotContain(await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues"), q => q.Name == "Night desk");
    }
}
