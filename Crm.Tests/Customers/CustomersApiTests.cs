using Crm.ServiceInterface.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Customers;

public sealed class CustomersApiTests : IAsyncLifetime
{
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:Customers:DefaultRegion"] = "GB" });
    private CrmClient agent = null!;

    public async Task InitializeAsync()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/users",
            new CreateUser { UserName = "agent1", DisplayName = "Ana Agent", Password = "agent-password", Roles = [Roles.Agent] });
        agent = await app.SignInAsync("agent1", "agent-password");
    }

    [Fact]
    public async Task A_customer_is_created_with_normalised_identities()
    {
        var customer = await agent.PostAsync("/api/customers", new CreateCustomer
        {
            Name = "Maria Lopez",
            Identities =
            [
                new() { Channel = "phone", Address = "020 7946 0123" },
                new() { Channel = "email", Address = " Maria.Lopez@Example.COM " },
                new() { Channel = "x", Address = "1402938475", Display = "@marialopez" },
            ],
        });

        Assert.True(customer.Id > 0);
        Assert.Equal("Maria Lopez", customer.Name);
        Assert.Equal(
            [
                new IdentityDto("phone", "+442079460123", null) { Formatted = "+44 20 7946 0123" },
                new IdentityDto("email", "maria.lopez@example.com", null), new IdentityDto("x", "1402938475", "@marialopez")],
            customer.Identities);
        var read = await agent.GetAsync<CustomerDto>($"/api/customers/{customer.Id}");
        Assert.Equal(customer.Name, read.Name);
        Assert.Equal(customer.Identities, read.Identities);
    }

    [Theory]
    [InlineData("sms", "+442079460123")]
    [InlineData("whatsapp", "442079460123")]
    [InlineData("phone", "+44 (0)20 7946 0123")]
    [InlineData("phone", "0044 20 7946 0123")]
    public async Task A_taken_identity_is_409_in_any_format_and_nothing_is_stored(string channel, string address)
    {
        await Create("First Owner", ("phone", "020 7946 0123"));

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, "/api/customers",
            new CreateCustomer
            {
                Name = "Second Owner",
                Identities = [new() { Channel = "email", Address = "second@example.com" }, new() { Channel = channel, Address = address }],
            });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("+442079460123", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await agent.GetAsync<Paged<CustomerDto>>("/api/customers?q=second")).Total);
    }

    [Theory]
    [InlineData("phone", "12", "identities[0].address", "not a phone number")]
    [InlineData("phone", "call me maybe", "identities[0].address", "not a phone number")]
    [InlineData("email", "maria.example.com", "identities[0].address", "not an email address")]
    [InlineData("fax", "123", "identities[0].address", "not a channel")]
    public async Task Malformed_identities_are_400_naming_the_field(string channel, string address, string field, string message)
    {
        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, "/api/customers",
            new CreateCustomer { Name = "Someone", Identities = [new() { Channel = channel, Address = address }] });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("7946 0123")]
    [InlineData("020 7946 0123")]
    [InlineData("+44 20 7946")]
    [InlineData("maria")]
    [InlineData("LOPEZ")]
    [InlineData("lopez@exam")]
    [InlineData("@marial")]
    [InlineData("maria lopez")]
    public async Task Search_finds_a_customer_by_any_fragment(string q)
    {
        var maria = await Create("Maria Lopez", ("phone", "+44 20 7946 0123"), ("email", "m.lopez@example.com"), ("x", "99887766", "@marialopez"));
        await Create("John Smith", ("phone", "+1 415 555 0100"), ("email", "john@smith.example"));

        var found = await agent.GetAsync<Paged<CustomerDto>>($"/api/customers?q={Uri.EscapeDataString(q)}");

        Assert.Equal([maria.Id], found.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Search_pages_newest_first()
    {
        for (var i = 0; i < 7; i++) await Create($"Pat Page{i}", ("email", $"pat{i}@example.com"));

        var first = await agent.GetAsync<Paged<CustomerDto>>("/api/customers?q=pat&pageSize=3");
        var third = await agent.GetAsync<Paged<CustomerDto>>("/api/customers?q=pat&pageSize=3&page=3");

        Assert.Equal(7, first.Total);
        Assert.Equal(["Pat Page6", "Pat Page5", "Pat Page4"], first.Items.Select(c => c.Name));
        Assert.Equal(["Pat Page0"], third.Items.Select(c => c.Name));
    }

    [Theory]
    [InlineData("sms", "+442079460123")]
    [InlineData("whatsapp", "442079460123")]
    [InlineData("phone", "020 7946 0123")]
    [InlineData("SMS", "(020) 7946-0123")]
    [InlineData("email", "MARIA@EXAMPLE.COM")]
    [InlineData("messenger", "7364528891")]
    [InlineData("twitter", "99887766")]
    [InlineData("webchat", "v-123abc")]
    public async Task Lookup_accepts_every_channel_name_and_phone_format(string channel, string address)
    {
        var maria = await Create("Maria",
            ("phone", "+442079460123"), ("email", "maria@example.com"), ("messenger", "7364528891"), ("x", "99887766"), ("webchat", "v-123abc"));

        var found = await agent.GetAsync<CustomerDto>($"/api/customers/lookup?channel={channel}&address={Uri.EscapeDataString(address)}");

        Assert.Equal(maria.Id, found.Id);
    }

    [Fact]
    public async Task Lookup_of_an_unknown_identity_is_404()
    {
        var (status, _) = await agent.ProblemAsync(HttpMethod.Get, "/api/customers/lookup?channel=sms&address=%2B447400900123");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Merge_moves_identities_and_cases_and_the_duplicate_is_gone()
    {
        var keep = await Create("Maria Lopez", ("phone", "+442079460123"));
        var duplicate = await Create("M. Lopez", ("email", "maria@example.com"), ("messenger", "555000111"));
        await using (var c = await app.Services.GetRequiredService<Crm.ServiceInterface.Data.CrmDb>().OpenAsync())
            await c.ExecuteAsync("INSERT INTO cases (subject, status, customer_id, created_at, updated_at) VALUES ('Refund', 'Closed', @id, 1, 1)",
                new { id = duplicate.Id });

        var merged = await agent.PostAsync($"/api/customers/{keep.Id}/merge", new MergeCustomers { OtherId = duplicate.Id });

        Assert.Equal(["+442079460123", "maria@example.com", "555000111"], merged.Identities.Select(i => i.Address));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.ProblemAsync(HttpMethod.Get, $"/api/customers/{duplicate.Id}")).Status);
        Assert.Equal(keep.Id, (await agent.GetAsync<CustomerDto>("/api/customers/lookup?channel=email&address=maria@example.com")).Id);
        await using (var c = await app.Services.GetRequiredService<Crm.ServiceInterface.Data.CrmDb>().OpenAsync())
            Assert.Equal(keep.Id, await c.ExecuteScalarAsync<long>("SELECT customer_id FROM cases WHERE subject = 'Refund'"));
        var history = await agent.GetAsync<List<AuditEntry>>($"/api/customers/{keep.Id}/history");
        Assert.Contains(history, h => h.Action == "merged" && h.UserName == "agent1" && h.Detail!.Contains("M. Lopez"));
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.ProblemAsync(HttpMethod.Post, $"/api/customers/{keep.Id}/merge",
            new MergeCustomers { OtherId = keep.Id })).Status);
    }

    [Fact]
    public async Task Merge_keeps_the_surviving_records_values_and_gains_the_duplicates_other_fields()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "tier", Label = "Tier", Type = "text" });
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "account", Label = "Account", Type = "text" });
        var keep = await agent.PostAsync("/api/customers", new CreateCustomer { Name = "Keep", CustomFields = new() { ["tier"] = "Gold" } });
        var other = await agent.PostAsync("/api/customers",
            new CreateCustomer { Name = "Other", CustomFields = new() { ["tier"] = "Bronze", ["account"] = "AC-1" } });

        var merged = await agent.PostAsync($"/api/customers/{keep.Id}/merge", new MergeCustomers { OtherId = other.Id });

        Assert.Equal("Gold", merged.CustomFields["tier"]);
        Assert.Equal("AC-1", merged.CustomFields["account"]);
    }

    [Fact]
    public async Task Every_change_is_audited_with_who_and_what()
    {
        var customer = await Create("Maria", ("phone", "+442079460123"));

        await agent.SendAsync<CustomerDto>(HttpMethod.Put, $"/api/customers/{customer.Id}", new UpdateCustomer
        {
            Name = "Maria Lopez", Notes = "Prefers WhatsApp",
            Identities = [new() { Channel = "email", Address = "maria@example.com" }],
        });

        var history = await agent.GetAsync<List<AuditEntry>>($"/api/customers/{customer.Id}/history");
        Assert.Equal(["created", "updated"], history.Select(h => h.Action));
        Assert.All(history, h => Assert.Equal("agent1", h.UserName));
        var agentName = (await agent.GetAsync<CurrentUser>("/api/auth/me")).DisplayName;
        Assert.All(history, h => Assert.Equal(agentName, h.ActorName)); // the page shows who by display name, as everywhere else
        Assert.Contains("name 'Maria' -> 'Maria Lopez'", history[1].Detail);
        Assert.Contains("+email maria@example.com", history[1].Detail);
        Assert.Contains("-phone +442079460123", history[1].Detail);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.ProblemAsync(HttpMethod.Get, "/api/customers/lookup?channel=sms&address=%2B442079460123")).Status);
    }

    [Fact]
    public async Task Custom_field_values_are_checked_against_their_type()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "tier", Label = "Tier", Type = "picklist", Options = ["Gold", "Silver"] });
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "ltv", Label = "Lifetime value", Type = "number" });
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.ProblemAsync(HttpMethod.Post, "/api/custom-fields",
            new SaveCustomField { Key = "x", Label = "X", Type = "text" })).Status);

        var ok = await agent.PostAsync("/api/customers",
            new CreateCustomer { Name = "Gold Customer", CustomFields = new() { ["tier"] = "gold", ["ltv"] = "1200.50" } });
        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, "/api/customers",
            new CreateCustomer { Name = "Bad", CustomFields = new() { ["ltv"] = "lots" } });

        Assert.Equal("Gold", ok.CustomFields["tier"]);
        Assert.Equal("1200.50", ok.CustomFields["ltv"]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("must be a number", problem.GetProperty("errors").GetProperty("customFields.ltv")[0].GetString());
    }

    [Fact]
    public async Task Twenty_simultaneous_first_messages_from_one_address_make_one_customer()
    {
        var customers = app.Services.GetRequiredService<CustomersServices>();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            customers.ResolveOrCreateAsync(i % 2 == 0 ? "whatsapp" : "sms", i % 2 == 0 ? "447400900456" : "+447400900456", "Jo from WhatsApp"))));

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(results, r => r.Created);
        var jo = await agent.GetAsync<CustomerDto>($"/api/customers/{results[0].Id}");
        Assert.Equal("Jo from WhatsApp", jo.Name);
        Assert.Equal([new IdentityDto("phone", "+447400900456", null) { Formatted = "+44 7400 900456" }], jo.Identities);
    }

    private Task<CustomerDto> Create(string name, params (string Channel, string Address)[] identities) =>
        agent.PostAsync("/api/customers", new CreateCustomer
        {
            Name = name,
            Identities = identities.Select(i => new IdentityInput { Channel = i.Channel, Address = i.Address }).ToList(),
        });

    private Task<CustomerDto> Create(string name, (string, string) a, (string, string) b, (string Channel, string Address, string Display) handle) =>
        agent.PostAsync("/api/customers", new CreateCustomer
        {
            Name = name,
            Identities =
            [
                new() { Channel = a.Item1, Address = a.Item2 },
                new() { Channel = b.Item1, Address = b.Item2 },
                new() { Channel = handle.Channel, Address = handle.Address, Display = handle.Display },
            ],
        });

    public Task DisposeAsync() { agent.Dispose(); app.Dispose(); app.Folder.Dispose(); return Task.CompletedTask; }
}
