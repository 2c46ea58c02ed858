using System.Net.Http.Json;

namespace Crm.Tests.Routing;

public sealed class DurabilityTests : IDisposable
{
    private readonly TestFolder folder = new();

    [Fact]
    public async Task Killed_with_an_offer_pending_and_an_agent_in_post_processing_the_timers_still_fire_after_restart()
    {
        var settings = new Dictionary<string, string> { ["Crm:Routing:AcceptanceSeconds"] = "4", ["Crm:Routing:PostProcessingSeconds"] = "4" };
        long pendingChat, endedChat;
        using (var first = await AppProcess.StartAsync(folder, settings))
        {
            using var agent1 = await SignInAsync(first, "agent1");
            using var agent4 = await SignInAsync(first, "agent4");
            await SetStateAsync(agent4, "Available");
            endedChat = await ChatAsync(first, "Ended Ed");
            await Eventually.TrueAsync(async () => await AcceptAsync(agent4, endedChat), TimeSpan.FromSeconds(10), "agent4 accepts");
            (await agent4.PostAsync($"/api/conversations/{endedChat}/end", null)).EnsureSuccessStatusCode();
            Assert.Equal("PostProcessing", (await MeAsync(agent4)).State);

            await SetStateAsync(agent1, "Available");
            pendingChat = await ChatAsync(first, "Pending Pia");
            await Eventually.TrueAsync(async () => (await MeAsync(agent1)).Load == 1, TimeSpan.FromSeconds(10), "offered to agent1");

            first.Kill();
        }
        await Task.Delay(TimeSpan.FromSeconds(5)); // both deadlines pass while nothing runs

        using var second = await AppProcess.StartAsync(folder, settings);
        using var again1 = await SignInAsync(second, "agent1");
        using var again4 = await SignInAsync(second, "agent4");

        await Eventually.TrueAsync(async () => (await MeAsync(again1)).State == "OnBreak", TimeSpan.FromSeconds(20), "the offer lapsed after the restart");
        // Available at once; the chat that lapsed on agent1 may then be offered to agent4 and lapse there too (On Break) before a slow poll looks.
        await Eventually.TrueAsync(async () => (await MeAsync(again4)).State is "Available" or "OnBreak", TimeSpan.FromSeconds(20),
            "post processing ended after the restart");
        var conversation = await again1.GetFromJsonAsync<ConversationDto>($"/api/conversations/{pendingChat}", CrmClient.Json);
        var (agent1Name, agent4Name) = ((await MeAsync(again1)).DisplayName, (await MeAsync(again4)).DisplayName);
        Assert.Contains(conversation!.Participants, p => p.AgentName == agent1Name && p.State == "Lapsed");
        // Not lost: back in the queue, or already offered to agent4, the one agent Available again.
        Assert.True(conversation.State == "Queued" || conversation.Participants.Last().AgentName == agent4Name, conversation.State);
        Assert.Equal(0, (await MeAsync(again1)).Load);
    }

    private static async Task<HttpClient> SignInAsync(AppProcess app, string user)
    {
        var client = app.Client();
        (await client.PostAsJsonAsync("/api/auth/login", new Login { UserName = user, Password = CrmApp.Password })).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task SetStateAsync(HttpClient agent, string state) =>
        (await agent.PutAsJsonAsync("/api/agents/me/state", new SetAgentState { State = state })).EnsureSuccessStatusCode();

    private static async Task<AgentDto> MeAsync(HttpClient agent) => (await agent.GetFromJsonAsync<AgentDto>("/api/agents/me", CrmClient.Json))!;

    private static async Task<bool> AcceptAsync(HttpClient agent, long id) =>
        (await agent.PostAsync($"/api/conversations/{id}/accept", null)).IsSuccessStatusCode;

    private static async Task<long> ChatAsync(AppProcess app, string name)
    {
        using var visitor = app.Client();
        var session = (await (await visitor.PostAsJsonAsync("/api/webchat/sessions",
            new StartWebChat { Name = name })).Content.ReadFromJsonAsync<WebChatSession>(CrmClient.Json))!;
        (await visitor.PostAsJsonAsync($"/api/webchat/sessions/{session.SessionId}/messages",
            new SendWebChatMessage { Text = "Hello" })).EnsureSuccessStatusCode();
        using var admin = await SignInAsync(app, "supervisor");
        var inbox = await admin.GetFromJsonAsync<ConversationList>("/api/conversations?view=inbox", CrmClient.Json);
        return inbox!.Groups.SelectMany(g => g.Conversations).Where(c => c.CustomerName == name).Max(c => c.Id);
    }

    public void Dispose() => folder.Dispose();
}
