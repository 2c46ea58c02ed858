using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>
/// The entry flow's settings are kept in memory (issue 14); a write that never went through this node's services (another
/// node's admin, a script on the database) must still count for the very next message.
/// </summary>
public sealed class EntryFlowSettingsTests : IAsyncLifetime
{
    private const string Outage = "We are dealing with an outage.";
    private readonly EntryFlowBed flow = new();
    private Crm.Tests.Routing.RoutingTestBed Bed => flow.Bed;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await flow.DisposeAsync();

    // A connection of its own, as a script or another node would write: nothing here tells the app's services.
    private Task<DbConnection> OpenAsync() => Bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();

    [Fact]
    public async Task An_emergency_switched_on_and_off_straight_in_the_database_counts_for_the_next_message()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // Tuesday 10:00 in Madrid: open
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);
        await Bed.ReadyAsync("agent1");
        var (before, first) = await Bed.CustomerWritesAsync("Ada Before", "Hello");
        await Bed.OfferedToAsync("agent1", first); // the settings are in memory now
        Assert.Empty(await flow.AutomaticRepliesAsync(before));

        await using (var c = await OpenAsync())
            await c.ExecuteAsync("INSERT INTO emergencies (scope, active, message, hold_routing, changed_at) VALUES (0, 1, @Outage, 1, 1)", new { Outage });
        var (during, held) = await Bed.CustomerWritesAsync("Bea During", "Is the service down?");
        Assert.Equal(Outage, Assert.Single(await flow.AutomaticRepliesAsync(during)).Text);
        Assert.Equal("emergency", (await flow.HoldOfAsync(held)).Hold);

        await using (var c = await OpenAsync())
            await c.ExecuteAsync("UPDATE emergencies SET active = 0 WHERE scope = 0");
        var (after, _) = await Bed.CustomerWritesAsync("Cleo After", "Hello again");
        Assert.Empty(await flow.AutomaticRepliesAsync(after));
    }

    [Fact]
    public async Task Hours_changed_straight_in_the_database_count_for_the_next_message()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00")); // Tuesday 10:00 in Madrid: open
        var hours = await flow.OfficeHoursAsync();
        await flow.EntryPointAsync("webchat", hours.Id);
        var (open, _) = await Bed.CustomerWritesAsync("Dora Open", "Hello");
        Assert.Empty(await flow.AutomaticRepliesAsync(open));

        await using (var c = await OpenAsync())
            await c.ExecuteAsync("""UPDATE business_hours SET slots = '[{"day":"tuesday","open":"15:00","close":"18:00"}]' WHERE id = @Id""", new { hours.Id });
        var (closed, id) = await Bed.CustomerWritesAsync("Edna Closed", "Hello?");
        Assert.Equal("We are closed now; we open again Tue 16 Jun 15:00. Your message is safe with us.",
            Assert.Single(await flow.AutomaticRepliesAsync(closed)).Text);
        Assert.Equal("closed", (await flow.HoldOfAsync(id)).Hold);
    }
}
