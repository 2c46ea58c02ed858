using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Reports;

/// <summary>
/// One day of chats in Support on 2026-12-02 (UTC), every step at a known time, driven through the real API on a frozen clock:
/// <list type="bullet">
/// <item>A (Ann) 09:00:00, agent1 accepts 09:00:10, answers 09:00:30, ends 09:02:00, wraps up "Question answered" + INFO, Available 09:02:30.</item>
/// <item>B (Ben) 09:10:00, agent1 accepts 09:10:05, a bot writes 09:10:06, agent1 answers 09:10:45, transfers to agent2 09:11:00,
/// wraps up "Information sent" 09:11:10, Available 09:11:30; agent2 accepts 09:11:20, ends 09:14:00, "Question answered" 09:14:10, Available 09:14:40.</item>
/// <item>C (Cat) 09:20:00, offered to agent1, the customer leaves 09:20:20: abandoned.</item>
/// <item>Both agents On Break 09:25:00. D (Dan) 09:30:00 waits; agent2 Available 09:31:30, accepts 09:31:40, answers 09:32:00, ends 09:35:00,
/// "Question answered" 09:35:05, Available 09:35:20.</item>
/// <item>E (Eve) 10:05:00, agent2 accepts 10:05:25, never writes, ends 10:10:00; post processing runs out at 10:11:00. The reports are read at 11:00.</item>
/// </list>
/// agent2 becomes Available at 09:05:00; agent1 stays On Break from 09:25:00.
/// </summary>
public sealed class ScriptedDay : IAsyncDisposable
{
    public static readonly DateTimeOffset Morning = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private ScriptedDay(TestFolder folder)
    {
        Folder = folder;
        Bed = NewBed(folder, Clock);
    }

    public FrozenClock Clock { get; } = new(Morning);
    public TestFolder Folder { get; }
    public RoutingTestBed Bed { get; private set; }
    public Dictionary<string, long> Ids { get; } = [];

    public static RoutingTestBed NewBed(TestFolder folder, TimeProvider clock) =>
        new(folder, services: s => s.AddSingleton(clock));

    public static async Task<ScriptedDay> RunAsync()
    {
        var day = new ScriptedDay(new TestFolder());
        await day.PlayAsync();
        return day;
    }

    /// <summary>Stops the app and starts a new one on the same files and clock: a restart.</summary>
    public async Task RestartAsync()
    {
        await Bed.App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Bed = NewBed(Folder, Clock);
    }

    /// <summary>Stops the app and hands over its files and clock (for a browser session's app on a real port); nothing else is disposed.</summary>
    public async Task<(TestFolder Folder, FrozenClock Clock)> ReleaseAsync()
    {
        await Bed.App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (Folder, Clock);
    }

    private async Task PlayAsync()
    {
        var bed = Bed;
        var reasons = (await (await bed.AgentAsync("supervisor")).GetAsync<List<WrapUpReasonDto>>("/api/wrapup-reasons")).ToDictionary(r => r.Name, r => r.Id);
        var answered = reasons["Question answered"];
        Ids["agent1"] = (await bed.ReadyAsync("agent1")).Id;
        Ids["agent2"] = await bed.IdOfAsync("agent2");

        var (_, a) = await ArrivesAsync("A", "Ann Arrow", "agent1");
        await At("09:00:10", () => bed.AcceptAsync("agent1", a));
        await At("09:00:30", () => SayAsync("agent1", a, "Hello Ann, how can I help?"));
        await At("09:02:00", () => bed.ActAsync("agent1", a, "end"));
        await At("09:02:15", () => bed.ActAsync("agent1", a, "wrapup", new WrapUpConversation { ReasonIds = [answered], TransactionCodes = ["INFO"] }));
        await At("09:02:30", () => bed.AvailableAsync("agent1"));

        await At("09:05:00", () => bed.ReadyAsync("agent2"));
        Clock.At("09:10:00");
        var (_, b) = await ArrivesAsync("B", "Ben Bright", "agent1");
        await At("09:10:05", () => bed.AcceptAsync("agent1", b));
        Clock.At("09:10:06");
        await BotWritesAsync(b, "I am the assistant; an agent is with you.");
        await At("09:10:45", () => SayAsync("agent1", b, "Hello Ben, one moment."));
        await At("09:11:00", () => bed.ActAsync("agent1", b, "transfer", new TransferConversation { AgentId = Ids["agent2"] }));
        await At("09:11:10", () => bed.ActAsync("agent1", b, "wrapup", new WrapUpConversation { ReasonIds = [reasons["Information sent"]] }));
        await bed.OfferedToAsync("agent2", b);
        await At("09:11:20", () => bed.AcceptAsync("agent2", b));
        await At("09:11:30", () => bed.AvailableAsync("agent1"));
        await At("09:14:00", () => bed.ActAsync("agent2", b, "end"));
        await At("09:14:10", () => bed.ActAsync("agent2", b, "wrapup", new WrapUpConversation { ReasonIds = [answered] }));
        await At("09:14:40", () => bed.AvailableAsync("agent2"));

        Clock.At("09:20:00");
        var (cSession, c) = await ArrivesAsync("C", "Cat Cole", "agent1");
        Clock.At("09:20:20");
        using (var http = bed.App.CreateClient())
            (await http.PostAsync($"/api/webchat/sessions/{cSession}/end", null)).EnsureSuccessStatusCode();
        Ids["C"] = c;

        await At("09:25:00", () => bed.SetStateAsync("agent1", "OnBreak", "Lunch"));
        await bed.SetStateAsync("agent2", "OnBreak", "Meeting");
        Clock.At("09:30:00");
        var (_, d) = await bed.CustomerWritesAsync("Dan Dune", "Is anyone there?");
        Ids["D"] = d;
        await At("09:31:30", () => bed.AvailableAsync("agent2"));
        await bed.OfferedToAsync("agent2", d);
        await At("09:31:40", () => bed.AcceptAsync("agent2", d));
        await At("09:32:00", () => SayAsync("agent2", d, "Hello Dan, sorry for the wait."));
        await At("09:35:00", () => bed.ActAsync("agent2", d, "end"));
        await At("09:35:05", () => bed.ActAsync("agent2", d, "wrapup", new WrapUpConversation { ReasonIds = [answered] }));
        await At("09:35:20", () => bed.AvailableAsync("agent2"));

        Clock.At("10:05:00");
        var (_, e) = await ArrivesAsync("E", "Eve East", "agent2");
        await At("10:05:25", () => bed.AcceptAsync("agent2", e));
        await At("10:10:00", () => bed.ActAsync("agent2", e, "end"));
        Clock.At("10:11:00"); // the queue's 60 s of post processing run out: the sweep makes agent2 Available at this very time
        await Eventually.TrueAsync(async () => (await bed.StateOfAsync("agent2")).State == "Available", TimeSpan.FromSeconds(10), "post processing ended");
        Clock.At("11:00:00");
    }

    private async Task<(string Session, long Id)> ArrivesAsync(string key, string customer, string offeredTo)
    {
        var (session, id) = await Bed.CustomerWritesAsync(customer, $"Hello, this is {customer}");
        await Bed.OfferedToAsync(offeredTo, id);
        Ids[key] = id;
        return (session, id);
    }

    private async Task At(string time, Func<Task> step)
    {
        Clock.At(time);
        await step();
    }

    private async Task SayAsync(string agent, long id, string text) =>
        await (await Bed.AgentAsync(agent)).SendAsync<MessageDto>(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = text });

    /// <summary>A bot's message as the entry flow stores one: it must never count as the agent's first response.</summary>
    private async Task BotWritesAsync(long id, string text)
    {
        await using var c = await Bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        var at = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await c.ExecuteAsync("""
            INSERT INTO messages (conversation_id, channel, direction, author_kind, author_name, text, status, sent_at, created_at)
            VALUES (@id, 'webchat', 'out', 'bot', 'Assistant', @text, 'sent', @at, @at)
            """, new { id, text, at });
    }

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
    }
}

/// <summary>The scripted day played once for a test class; its tests only read (the restart test restarts on the same files).</summary>
public sealed class ScriptedDayFixture : IAsyncLifetime
{
    public ScriptedDay Day { get; private set; } = null!;

    public async Task InitializeAsync() => Day = await ScriptedDay.RunAsync();

    public async Task DisposeAsync() => await Day.DisposeAsync();
}
