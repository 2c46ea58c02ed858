namespace Crm.Tests.Customers;

public sealed class ScreenPopTests : IAsyncLifetime
{
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:Customers:DefaultRegion"] = "US" });
    private CrmClient agent = null!;

    public async Task InitializeAsync()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/users",
            new CreateUser { UserName = "agent1", DisplayName = "Ana Agent", Password = "agent-password", Roles = [Roles.Agent] });
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "tier", Label = "Tier", Type = "picklist", Options = ["Gold", "Silver"] });
        agent = await app.SignInAsync("agent1", "agent-password");
    }

    [Fact]
    public async Task A_known_sender_pops_their_record_with_the_last_5_cases_and_10_contact_history_entries()
    {
        var customer = await Create("Maria Lopez", "phone", "+1 415 555 0100");
        for (var i = 1; i <= 12; i++)
            await agent.PostAsync("/api/cases", new CreateCase { Subject = $"Case {i}", CustomerId = customer.Id });

        var pop = await agent.GetAsync<ScreenPop>("/api/screenpop?channel=whatsapp&address=14155550100");

        Assert.Equal("customer", pop.Kind);
        Assert.Equal(customer.Id, pop.Customer!.Id);
        Assert.Equal(["Case 12", "Case 11", "Case 10", "Case 9", "Case 8"], pop.RecentCases.Select(c => c.Subject));
        Assert.Equal(10, pop.RecentContactHistory.Count);
        Assert.Equal("Case 12", pop.RecentContactHistory[0].Summary);
        Assert.Null(pop.NewCustomer);
    }

    [Fact]
    public async Task A_known_sender_without_any_history_pops_an_empty_history()
    {
        var customer = await Create("New Nelly", "email", "nelly@example.com");

        var pop = await agent.GetAsync<ScreenPop>("/api/screenpop?channel=email&address=NELLY@example.com");

        Assert.Equal(customer.Id, pop.Customer!.Id);
        Assert.Empty(pop.RecentCases);
        Assert.Empty(pop.RecentContactHistory);
        Assert.Empty(await agent.GetAsync<List<ContactHistoryEntry>>($"/api/customers/{customer.Id}/conversations"));
    }

    [Fact]
    public async Task An_unknown_sender_gets_the_new_customer_form_filled_from_the_channel()
    {
        var pop = await agent.GetAsync<ScreenPop>("/api/screenpop?channel=sms&address=(415)%20555-0199&name=Jo%20Bloggs");

        Assert.Equal("new", pop.Kind);
        Assert.Null(pop.Customer);
        Assert.Equal("phone", pop.NewCustomer!.Channel);
        Assert.Equal("+14155550199", pop.NewCustomer.Address);
        Assert.Equal("Jo Bloggs", pop.NewCustomer.SuggestedName);
        Assert.Equal(["tier"], pop.NewCustomer.CustomFields.Select(f => f.Key));
    }

    [Fact]
    public async Task Several_possible_matches_pop_the_candidates_for_the_agent_to_pick()
    {
        var sameName1 = await Create("Chris Taylor", "email", "chris@one.example");
        var sameName2 = await Create("chris taylor", "email", "ct@two.example");
        await Create("Someone Else", "email", "else@example.com");

        var pop = await agent.GetAsync<ScreenPop>("/api/screenpop?channel=messenger&address=24000000001&name=Chris%20Taylor");

        Assert.Equal("candidates", pop.Kind);
        Assert.Equal(new[] { sameName1.Id, sameName2.Id }.Order(), pop.Candidates.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task The_same_number_saved_under_another_country_code_is_a_candidate()
    {
        var saved = await Create("Lee Wong", "phone", "+44 20 7946 0123");

        var pop = await agent.GetAsync<ScreenPop>("/api/screenpop?channel=sms&address=%2B493079460123");

        Assert.Equal("candidates", pop.Kind);
        Assert.Equal(saved.Id, Assert.Single(pop.Candidates).Id);
    }

    [Fact]
    public async Task A_malformed_address_is_400()
    {
        var (status, problem) = await agent.ProblemAsync(HttpMethod.Get, "/api/screenpop?channel=sms&address=hello");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not a phone number", problem.GetProperty("detail").GetString());
    }

    private Task<CustomerDto> Create(string name, string channel, string address) =>
        agent.PostAsync("/api/customers", new CreateCustomer { Name = name, Identities = [new() { Channel = channel, Address = address }] });

    public Task DisposeAsync() { agent.Dispose(); app.Dispose(); app.Folder.Dispose(); return Task.CompletedTask; }
}
