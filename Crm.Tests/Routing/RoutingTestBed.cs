using System.Collections.Concurrent;
using System.Net.Http.Json;
using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Routing;

/// <summary>
/// A demo contact center (small customer list, short timers) on a real host: agents sign in over HTTP,
/// customers arrive through the web chat API, and tests wait for what the engine does.
/// </summary>
public sealed class RoutingTestBed : IAsyncDisposable
{
    // Tests sign agents in from parallel tasks: one sign-in per agent, however many ask at once.
    private readonly ConcurrentDictionary<string, Lazy<Task<CrmClient>>> agents = new();

    public RoutingTestBed(TestFolder? folder = null, int acceptanceSeconds = 30, int postProcessingSeconds = 60, string rejectPolicy = "OnBreak",
        IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        App = new CrmApp(folder ?? new TestFolder(), demo: true, settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Crm:Seed:Customers"] = "50",
            ["Crm:Routing:AcceptanceSeconds"] = acceptanceSeconds.ToString(),
            ["Crm:Routing:PostProcessingSeconds"] = postProcessingSeconds.ToString(),
            ["Crm:Routing:RejectPolicy"] = rejectPolicy,
            ["Crm:Routing:SweepSeconds"] = "1",
            ["Crm:WebChat:RequestsPerMinute"] = "100000",
        }, services: services);
    }

    public CrmApp App { get; }

    public Task<CrmClient> AgentAsync(string userName) => agents.GetOrAdd(userName, name => new(() => App.SignInAsync(name))).Value;

    public async Task<long> IdOfAsync(string userName) => (await (await AgentAsync(userName)).GetAsync<AgentDto>("/api/agents/me")).Id;

    public async Task<AgentDto> AvailableAsync(string userName) => await SetStateAsync(userName, "Available");

    public async Task<AgentDto> SetStateAsync(string userName, string state, string? reason = null) =>
        await (await AgentAsync(userName)).SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state",
            new SetAgentState { State = state, ReasonCode = reason });

    public Task<AgentDto> StateOfAsync(string userName) => AgentAsync(userName).ContinueWith(t => t.Result.GetAsync<AgentDto>("/api/agents/me")).Unwrap();

    /// <summary>A visitor starts a web chat and writes; returns the session and the conversation it opened.</summary>
    public async Task<(string Session, long ConversationId)> CustomerWritesAsync(string name, string text, string? email = null)
    {
        using var http = App.CreateClient();
        var session = await (await http.PostAsJsonAsync("/api/webchat/sessions",
            new StartWebChat { Name = name, Email = email })).Content.ReadFromJsonAsync<WebChatSession>();
        await CustomerSaysAsync(session!.SessionId, text);
        return (session.SessionId, await ConversationOfAsync(session.SessionId));
    }

    public async Task CustomerSaysAsync(string session, string text)
    {
        using var http = App.CreateClient();
        (await http.PostAsJsonAsync($"/api/webchat/sessions/{session}/messages", new SendWebChatMessage { Text = text })).EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<WebChatMessage>> CustomerSeesAsync(string session)
    {
        using var http = App.CreateClient();
        return (await http.GetFromJsonAsync<List<WebChatMessage>>($"/api/webchat/sessions/{session}/messages"))!;
    }

    public Task<long> ConversationOfAsync(string session) =>
        ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = 'webchat' AND address = @session", new { session });

    /// <summary>One number read straight from the store (a count, an id), for what the API does not show.</summary>
    public async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var c = await App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>The newest conversation on <paramref name="channel"/>, as <paramref name="viewer"/> sees it.</summary>
    public async Task<ConversationDto> LatestConversationAsync(string viewer, string channel) =>
        await ConversationAsync(viewer, await ScalarAsync("SELECT MAX(id) FROM conversations WHERE channel = @channel", new { channel }));

    public async Task<ConversationDto> ConversationAsync(string viewer, long id) =>
        await (await AgentAsync(viewer)).GetAsync<ConversationDto>($"/api/conversations/{id}");

    /// <summary>Waits until the conversation is offered to this agent (the dispatcher runs in the background).</summary>
    public Task<ParticipantDto> OfferedToAsync(string userName, long conversationId, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(async () =>
        {
            var conversation = await ConversationAsync(userName, conversationId);
            return conversation.Participants.LastOrDefault(p => p.State == "Offered"
                && p.AgentName == (agentsByUser.GetValueOrDefault(userName) ?? "")) is { } offered
                ? offered : null;
        }, timeout ?? TimeSpan.FromSeconds(10), $"{conversationId} offered to {userName}");

    private readonly Dictionary<string, string> agentsByUser = [];

    /// <summary>Signs the agent in and sets them Available, remembering their display name for offer checks.</summary>
    public async Task<AgentDto> ReadyAsync(string userName)
    {
        var agent = await AvailableAsync(userName);
        agentsByUser[userName] = agent.DisplayName;
        return agent;
    }

    public async Task<ConversationDto> AcceptAsync(string userName, long id) =>
        await (await AgentAsync(userName)).SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/accept", null);

    public async Task<ConversationDto> ActAsync(string userName, long id, string action, object? body = null) =>
        await (await AgentAsync(userName)).SendAsync<ConversationDto>(HttpMethod.Post, $"/api/conversations/{id}/{action}", body ?? new { });

    /// <summary>A chat from a new visitor, offered to and accepted by <paramref name="userName"/>.</summary>
    public async Task<(string Session, long Id)> ActiveChatAsync(string userName, string customer = "Wendy Web")
    {
        var (session, id) = await CustomerWritesAsync(customer, "Hello, I need help with my order");
        await OfferedToAsync(userName, id);
        await AcceptAsync(userName, id);
        return (session, id);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in agents.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully)) client.Value.Result.Dispose();
        await App.DisposeAsync();
        App.Folder.Dispose();
    }
}

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> returns a value; fails the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        await ValueAsync(async () => await probe() ? "yes" : null, timeout, what);
}

public static class SseExtensions
{
    /// <summary>The first event with this name, skipping others; fails after 10 seconds.</summary>
    public static async Task<Events.SseMessage> FirstAsync(this Events.SseReader reader, string name) =>
        (await reader.EventsUntilAsync(name, TimeSpan.FromSeconds(10))).Last();
}
