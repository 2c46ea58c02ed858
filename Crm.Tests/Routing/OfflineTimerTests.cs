using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Routing;

/// <summary>The state timer of an Offline agent counts from sign-in or the last state change, never from when the demo data was seeded.</summary>
public sealed class OfflineTimerTests : IDisposable
{
    private readonly TestClock clock = new();
    private readonly CrmApp app;

    public OfflineTimerTests() =>
        app = new CrmApp(new TestFolder(), demo: true, settings: new Dictionary<string, string?> { ["Crm:Seed:Customers"] = "20" },
            services: s => s.AddSingleton<TimeProvider>(clock));

    [Fact]
    public async Task Signing_in_starts_the_offline_clock_and_a_later_sign_in_keeps_the_time_of_the_last_state_change()
    {
        app.CreateClient().Dispose(); // the app is up and its demo data seeded "now"
        clock.Advance(TimeSpan.FromHours(5));

        var beforeSignIn = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var agent = await app.SignInAsync("agent2");
        var offline = await agent.GetAsync<AgentDto>("/api/agents/me");
        Assert.Equal("Offline", offline.State);
        Assert.True(offline.Since >= beforeSignIn, $"Offline since {offline.Since}, signed in at {beforeSignIn}: the timer counts from the seeding");

        clock.Advance(TimeSpan.FromMinutes(10));
        var available = await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });
        clock.Advance(TimeSpan.FromMinutes(20));
        using var secondTab = await app.SignInAsync("agent2");

        var still = await secondTab.GetAsync<AgentDto>("/api/agents/me");
        Assert.Equal(("Available", available.Since), (still.State, still.Since)); // signing in again does not reset a running state

        await agent.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Offline" });
        var wentOffline = (await agent.GetAsync<AgentDto>("/api/agents/me")).Since;
        clock.Advance(TimeSpan.FromHours(2));
        var beforeReturn = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var nextDay = await app.SignInAsync("agent2");
        var back = await nextDay.GetAsync<AgentDto>("/api/agents/me");
        Assert.True(back.Since >= beforeReturn && back.Since > wentOffline, "signing in again while Offline counts from this sign-in");
    }

    public void Dispose() { app.Dispose(); app.Folder.Dispose(); }
}
