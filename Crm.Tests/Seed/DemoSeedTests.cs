using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Seed;

public sealed class DemoSeedTests : IDisposable
{
    private readonly TestFolder folder = new();

    [Fact]
    public async Task Demo_data_is_a_working_contact_center_and_a_restart_seeds_nothing_twice()
    {
        Counts first;
        using (var app = new CrmApp(folder, demo: true, freshSeed: true))
        {
            first = await CountAsync(app);
            using var agent = await app.SignInAsync("agent1");
            Assert.Equal([Roles.Agent], (await agent.GetAsync<CurrentUser>("/api/auth/me")).Roles);
        }

        using var restarted = new CrmApp(folder, demo: true, freshSeed: true);
        var second = await CountAsync(restarted);

        Assert.Equal(9, first.Users);
        Assert.Equal(2000, first.Customers);
        Assert.True(first.Identities > 4000, $"{first.Identities} identities");
        Assert.Equal(["Billing", "Sales", "Support"], first.Queues);
        Assert.Equal(6, first.SupportAgents);
        Assert.True(first.ClosedCases > 1000);
        Assert.InRange(first.OrphanCases, 3, 10);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_demo_is_the_same_on_every_machine()
    {
        using var other = new TestFolder();
        using var a = new CrmApp(folder, demo: true, freshSeed: true);
        using var b = new CrmApp(other, demo: true, freshSeed: true);

        Assert.Equal(await NamesAsync(a), await NamesAsync(b));
    }

    [Fact]
    public async Task Reject_permission_is_granted_to_agent1_to_agent4_only()
    {
        using var app = new CrmApp(folder, demo: true, freshSeed: true);
        await using var connection = await app.Services.GetRequiredService<CrmDb>().OpenAsync();

        var canReject = await connection.QueryAsync<string>(
            "SELECT u.user_name FROM agent_profiles p JOIN users u ON u.id = p.user_id WHERE p.can_reject = 1 ORDER BY 1");

        Assert.Equal(["agent1", "agent2", "agent3", "agent4"], canReject);
    }

    [Fact]
    public async Task Without_demo_data_an_empty_database_gets_only_an_admin()
    {
        using var app = new CrmApp(folder);

        var counts = await CountAsync(app);

        Assert.Equal(1, counts.Users);
        Assert.Equal(0, counts.Customers);
    }

    private static async Task<Counts> CountAsync(CrmApp app)
    {
        await using var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return new Counts(
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customers"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM customer_identities"),
            string.Join(",", await c.QueryAsync<string>("SELECT name FROM queues ORDER BY name")).Split(',', StringSplitOptions.RemoveEmptyEntries),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM queue_members m JOIN queues q ON q.id = m.queue_id WHERE q.name = 'Support'"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE status = 'Closed' AND customer_id IS NOT NULL AND transcript IS NOT NULL"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE status = 'Open' AND customer_id IS NULL"));
    }

    private static async Task<string> NamesAsync(CrmApp app)
    {
        await using var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        return string.Join("|", await c.QueryAsync<string>("SELECT name || ':' || search_text FROM customers ORDER BY id LIMIT 50"));
    }

    private sealed record Counts(long Users, long Customers, long Identities, string[] Queues, long SupportAgents, long ClosedCases, long OrphanCases)
    {
        public bool Equals(Counts? other) => other is not null && ToString() == other.ToString();
        public override int GetHashCode() => ToString().GetHashCode();
        public override string ToString() => $"{Users}/{Customers}/{Identities}/{string.Join(",", Queues)}/{SupportAgents}/{ClosedCases}/{OrphanCases}";
    }

    public void Dispose() => folder.Dispose();
}
