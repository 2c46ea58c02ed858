using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Crm.Tests.Routing;

namespace Crm.Tests.BadInput;

/// <summary>The bad-input defects of issue 16, each with the call that showed it.</summary>
public sealed class BadInputTests : IAsyncLifetime
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

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> SendAsync(HttpMethod method, string url, string? body,
        string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8)
            {
                Headers = { ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType) },
            };
        var response = await admin.Http.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Theory]
    [InlineData("identities")]
    [InlineData("customFields")]
    public async Task An_explicit_null_collection_on_a_customer_is_400_naming_it_and_nothing_is_stored(string field)
    {
        var (created, problem) = await SendAsync(HttpMethod.Post, "/api/customers", $$"""{"name":"Nina Null","{{field}}":null}""");

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal("Check the request", problem.GetProperty("title").GetString());
        Assert.Contains("cannot be null", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, (await admin.GetAsync<Paged<CustomerDto>>("/api/customers?q=Nina")).Total);
    }

    [Fact]
    public async Task A_null_item_in_a_list_is_400_naming_the_list()
    {
        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Nina","identities":[null]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Identities cannot hold null items; leave them out.", problem.GetProperty("errors").GetProperty("identities")[0].GetString());
    }

    [Fact]
    public async Task Explicit_null_reasons_on_wrap_up_are_400_naming_reason_ids()
    {
        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/conversations/1/wrapup", """{"reasonIds":null}""");

        // Supervisors and admins may wrap up a chat they took over, so they get the field's problem as an agent does.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var agent = await AgentAsync();
        using var body = new StringContent("""{"reasonIds":null}""", Encoding.UTF8, "application/json");
        using var wrapUp = await agent.Http.PostAsync("/api/conversations/1/wrapup", body);
        var agentProblem = await wrapUp.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, wrapUp.StatusCode);
        Assert.Equal("Reason ids cannot be null; leave it out or give a value.", agentProblem.GetProperty("errors").GetProperty("reasonIds")[0].GetString());
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
    }

    [Theory]
    [InlineData("""{"name":"Wrong","identities":[{"channel":7,"address":"a@b.c"}]}""", "identities[0].channel",
        "Channel (identities, item 1) must be text in quotes.")]
    [InlineData("""{"name":"Wrong","identities":{}}""", "identities", "Identities must be a list in [ ].")]
    [InlineData("""{"name":"Wrong","customFields":[]}""", "customFields", "Custom fields must be an object of names and values.")]
    [InlineData("""{"name":"Broken",""", "body", "The body is not valid JSON")]
    [InlineData("""[]""", "body", "The body must be an object in { }.")]
    public async Task Malformed_or_wrong_typed_json_is_400_naming_the_field_in_words(string json, string field, string message)
    {
        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/customers", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.StartsWith(message, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_typed_query_parameter_is_400_naming_it()
    {
        var (response, problem) = await SendAsync(HttpMethod.Get, "/api/customers?page=abc", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Page must be a whole number (not \"abc\").", problem.GetProperty("errors").GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task A_required_body_left_out_is_400_asking_for_json()
    {
        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/customers", "", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON object", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_wrong_method_on_a_known_route_is_405_with_allow_as_problem_json()
    {
        var (response, problem) = await SendAsync(HttpMethod.Delete, "/api/customers", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var a) ? a : []));
        Assert.Contains("does not take DELETE", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_as_problem_json()
    {
        var (response, problem) = await SendAsync(HttpMethod.Post, "/api/customers", """{"name":"Plain"}""", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_in_an_unknown_character_set_is_415_in_words_not_a_500()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/customers")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"Bogus"}""")),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
        using var response = await admin.Http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("send it as UTF-8", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_api_route_is_404_to_the_signed_in_and_401_to_strangers()
    {
        var (signedIn, problem) = await SendAsync(HttpMethod.Get, "/api/no-such-thing", null);
        using var stranger = app.Anonymous();
        using var anonymous = await stranger.Http.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
        Assert.Equal("There is no such API route.", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_still_load_the_app_and_an_api_path_never_does()
    {
        using var stranger = app.Anonymous();
        using var page = await stranger.Http.GetAsync("/customers/12");
        using var api = await stranger.Http.GetAsync("/api/customers/abc");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private async Task<CrmClient> AgentAsync()
    {
        await admin.PostAsync("/api/users", new CreateUser { UserName = "ada", DisplayName = "Ada", Password = "password-123", Roles = [Roles.Agent] });
        return await app.SignInAsync("ada", "password-123");
    }
}

/// <summary>An action whose body is optional takes none, as `curl -X POST` sends it.</summary>
public sealed class OptionalBodyTests
{
    [Fact]
    public async Task Save_to_crm_without_a_body_or_content_type_saves_the_transcript()
    {
        await using var bed = new RoutingTestBed();
        await bed.ReadyAsync("agent1");
        var (_, id) = await bed.ActiveChatAsync("agent1", "Carla Case");
        var agent = await bed.AgentAsync("agent1");

        using var saved = await agent.Http.PostAsync($"/api/conversations/{id}/save-to-crm", content: null);

        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Contains("Carla Case", await saved.Content.ReadAsStringAsync());
    }
}
