using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Routing;

public sealed class ConcurrencyTests
{
    private const int Agents = 16, Chats = 120;

    [Fact]
    public async Task Many_chats_racing_many_agents_never_exceed_capacity_never_double_offer_and_drop_nothing()
    {
        await using var bed = new RoutingTestBed(acceptanceSeconds: 30, postProcessingSeconds: 60);
        var db = bed.App.Services.GetRequiredService<CrmDb>();
        var names = await CreateAgentsAsync(bed, db);

        var racing = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Task.WhenAll(names.Select(n => bed.ReadyAsync(n)));
        var workers = names.Select(n => WorkAsync(bed, db, n, racing.Token)).ToList();
        await Task.WhenAll(Enumerable.Range(0, Chats).Select(i => bed.CustomerWritesAsync($"Racer {i}", $"Message {i}")));

        await Eventually.TrueAsync(async () =>
        {
            await using var c = await db.OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM conversations WHERE state = 'Closed'") == Chats;
        }, TimeSpan.FromSeconds(80), $"all {Chats} chats handled and closed");
        racing.Cancel();
        await Task.WhenAll(workers);

        await using var check = await db.OpenAsync();
        var parts = (await check.QueryAsync<(long ConversationId, long AgentId, string Kind, string State, long OfferedAt, long? AcceptedAt, long? EndedAt,
            int Capacity)>("""
            SELECT p.conversation_id, p.agent_id, p.kind, p.state, p.offered_at, p.accepted_at, p.ended_at, COALESCE(a.capacity, 1)
            FROM participations p LEFT JOIN agent_profiles a ON a.user_id = p.agent_id
            """)).ToList();
        foreach (var agent in parts.GroupBy(p => p.AgentId))
        {
            var held = MaxOverlap(agent.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue)));
            Assert.True(held <= agent.First().Capacity, $"agent {agent.Key} held {held} chats with capacity {agent.First().Capacity}");
        }
        foreach (var conversation in parts.GroupBy(p => p.ConversationId))
        {
            Assert.Equal(1, MaxOverlap(conversation.Select(p => (p.OfferedAt, p.EndedAt ?? long.MaxValue)))); // one agent at a time
            Assert.Single(conversation, p => p.State == "Done");
        }
        Assert.Equal(Chats, parts.Select(p => p.ConversationId).Distinct().Count());
    }

    /// <summary>An agent at work: accepts what is offered, replies, ends, wraps up, and goes Available again.</summary>
    private static async Task WorkAsync(RoutingTestBed bed, CrmDb db, string userName, CancellationToken ct)
    {
        var agent = await bed.AgentAsync(userName);
        var me = await bed.IdOfAsync(userName);
        while (!ct.IsCancellationRequested)
        {
            List<long> offered;
            await using (var c = await db.OpenAsync())
                offered = (await c.QueryAsync<long>("SELECT conversation_id FROM participations WHERE agent_id = @me AND state = 'Offered'",
                    new { me })).ToList();
            if (offered.Count == 0)
            {
                try { await Task.Delay(20, ct); } catch (OperationCanceledException) { return; }
                continue;
            }
            await Task.WhenAll(offered.Select(async id =>
            {
                (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/accept")).EnsureSuccessStatusCode();
                (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "On it" })).EnsureSuccessStatusCode();
                (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/end")).EnsureSuccessStatusCode();
                (await agent.RawAsync(HttpMethod.Post, $"/api/conversations/{id}/wrapup",
                    new WrapUpConversation { ReasonIds = [1] })).EnsureSuccessStatusCode();
            }));
            (await agent.RawAsync(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The most intervals open at one instant; an interval ending when another starts does not overlap it.</summary>
    private static int MaxOverlap(IEnumerable<(long Start, long End)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) }).OrderBy(e => e.At).ThenBy(e => e.Delta);
        int open = 0, most = 0;
        foreach (var edge in edges) most = Math.Max(most, open += edge.Delta);
        return most;
    }

    private static async Task<List<string>> CreateAgentsAsync(RoutingTestBed bed, CrmDb db)
    {
        using var admin = await bed.App.SignInAsync("admin");
        var names = Enumerable.Range(1, Agents).Select(i => $"racer{i}").ToList();
        foreach (var name in names)
            await admin.PostAsync("/api/users", new CreateUser { UserName = name, DisplayName = $"Racer {name}", Password = CrmApp.Password,
                Roles = [Roles.Agent] });
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO agent_profiles (user_id, capacity, can_reject) SELECT id, 1 + id % 3, 1 FROM users WHERE user_name LIKE 'racer%';
            INSERT INTO queue_members (queue_id, user_id) SELECT q.id, u.id FROM queues q, users u WHERE q.name = 'Support' AND u.user_name LIKE 'racer%';
            INSERT INTO agent_skills (user_id, skill_id) SELECT u.id, s.id FROM users u, skills s WHERE s.name = 'Technical' AND u.user_name LIKE 'racer%';
            """);
        return names;
    }
}
