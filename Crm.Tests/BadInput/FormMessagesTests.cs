using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace Crm.Tests.BadInput;

/// <summary>Forms get every message at once, once each, written for a person: never the framework's wording.</summary>
public sealed class FormMessagesTests : IAsyncLifetime
{
    private readonly CrmApp app = new();
    private CrmClient admin = null!;

    public async Task InitializeAsync() => admin = await app.SignInAsync("admin");

    public Task DisposeAsync()
    {
        admin.Dispose();
        app.Dispose();
        app.Folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Every_validation_attribute_of_a_request_has_a_message_written_for_a_person()
    {
        var bare = typeof(IReturn<>).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties().SelectMany(p => p.GetCustomAttributes<ValidationAttribute>().Select(a => (t, p, a))))
            .Where(x => string.IsNullOrWhiteSpace(x.a.ErrorMessage) || x.a.ErrorMessage.Contains("{0}", StringComparison.Ordinal))
            .Select(x => $"{x.t.Name}.{x.p.Name}: [{x.a.GetType().Name.Replace("Attribute", "")}] needs ErrorMessage = \"...\" in plain words")
            .ToList();

        Assert.True(bare.Count == 0, "Without its own message the framework says \"The field X must be...\":\n" + string.Join("\n", bare));
    }

    [Fact]
    public async Task A_note_over_the_limit_is_refused_in_words_not_with_the_framework_title()
    {
        using var agent = await AgentAsync();
        var created = await agent.PostAsync("/api/cases", new CreateCase { Subject = "Long note" });

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/cases/{created.Id}/notes", new AddCaseNote { Text = new string('n', 15_000) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Check the form", problem.GetProperty("title").GetString());
        Assert.Equal("A note is at most 4,000 characters.", problem.GetProperty("detail").GetString());
        Assert.Empty((await agent.GetAsync<CaseDto>($"/api/cases/{created.Id}")).Notes);
    }

    [Fact]
    public async Task A_new_user_with_several_problems_hears_of_each_once_in_words()
    {
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/users",
            new CreateUser { UserName = "", DisplayName = "", Email = "not-an-address", Password = "short", Roles = [] });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["Give the user a user name."], Messages(errors, "userName"));
        Assert.Equal(["Give the user a display name."], Messages(errors, "displayName"));
        Assert.Equal(["Give an email address like name@example.com, or leave it empty."], Messages(errors, "email"));
        Assert.Equal(["A password has at least 8 characters."], Messages(errors, "password"));
        Assert.Equal(["A user needs at least one role."], Messages(errors, "roles"));
        Assert.Equal("Some fields need attention; each says what to change.", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("validation errors occurred", problem.GetRawText());
    }

    [Fact]
    public async Task A_customer_with_bad_identities_and_custom_fields_hears_of_all_of_them_at_once_and_nothing_is_stored()
    {
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "tier", Label = "Tier", Type = "picklist", Options = ["Gold", "Silver"] });
        await admin.PostAsync("/api/custom-fields", new SaveCustomField { Key = "since", Label = "Customer since", Type = "date" });

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/customers", new CreateCustomer
        {
            Name = "Many Mistakes",
            Identities = [new IdentityInput { Channel = "email", Address = "nope" }, new IdentityInput { Channel = "pigeon", Address = "coop 7" }],
            CustomFields = new() { ["tier"] = "Bronze", ["since"] = "yesterday" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["'nope' is not an email address."], Messages(errors, "identities[0].address"));
        Assert.Single(Messages(errors, "identities[1].address"));
        Assert.Equal(["Tier must be one of Gold, Silver."], Messages(errors, "customFields.tier"));
        Assert.Equal(["Customer since must be a date as YYYY-MM-DD."], Messages(errors, "customFields.since"));
        Assert.Equal(0, (await admin.GetAsync<Paged<CustomerDto>>("/api/customers?q=Mistakes")).Total);
    }

    [Fact]
    public async Task A_custom_field_with_a_bad_type_and_no_key_hears_of_both()
    {
        using var response = await admin.Http.PostAsJsonAsync("/api/custom-fields", new { key = "", label = "", type = "colour" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Contains("Give the field a key, like loyalty_tier.", Messages(errors, "key"));
        Assert.Equal(["Give the field a label."], Messages(errors, "label"));
    }

    private static List<string?> Messages(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var list) ? list.EnumerateArray().Select(m => m.GetString()).ToList() : [$"(no error for {field})"];

    private async Task<CrmClient> AgentAsync()
    {
        await admin.PostAsync("/api/users", new CreateUser { UserName = "ada", DisplayName = "Ada", Password = "password-123", Roles = [Roles.Agent] });
        return await app.SignInAsync("ada", "password-123");
    }
}
