using System.Diagnostics;
using System.Text.Json.Nodes;
using Crm.Tests.Data;

namespace Crm.Tests.Integrations;

/// <summary>The API document as integrators' tools read it: Redocly's recommended rules, operationIds, security and problem answers.</summary>
public sealed class OpenApiLintTests : IClassFixture<OpenApiLintTests.Document>
{
    /// <summary>/openapi/v1.json of a running app, read once for the class.</summary>
    public sealed class Document : IAsyncLifetime
    {
        private readonly CrmApp app = new();
        public string Json { get; private set; } = "";
        public JsonNode Root => JsonNode.Parse(Json)!;

        public async Task InitializeAsync()
        {
            using var http = app.CreateClient();
            Json = await http.GetStringAsync("/openapi/v1.json");
        }

        public async Task DisposeAsync()
        {
            await app.DisposeAsync();
            app.Folder.Dispose();
        }
    }

    private readonly Document document;

    public OpenApiLintTests(Document document) => this.document = document;

    private IEnumerable<(string Method, string Path, JsonNode Operation)> Operations() =>
        from path in document.Root["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!);

    [Fact]
    public async Task Redocly_recommended_rules_find_no_error_and_no_warning_left_on()
    {
        var root = MigratorTests.RepoRoot();
        var file = Path.Combine(Path.GetTempPath(), $"crm-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.Json);
        try
        {
            var lint = new ProcessStartInfo(Path.Combine(root, "Crm.Web", "ClientApp", "node_modules", ".bin", "redocly"))
            {
                ArgumentList = { "lint", file, "--config", Path.Combine(root, "redocly.yaml"), "--format", "stylish", "--max-problems", "1000" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["NO_COLOR"] = "1", ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
            };
            using var process = Process.Start(lint)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var said = await output + await errors;
            Assert.True(process.ExitCode == 0, $"redocly lint failed:\n{said}");
            Assert.DoesNotContain(" warning ", said);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Every_operation_has_a_unique_operationId()
    {
        var ids = Operations().Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Empty(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Contains("createWebhookEndpoint", ids);
        Assert.Contains("accept", ids);
    }

    [Fact]
    public void Signed_in_routes_take_the_cookie_or_the_api_key_and_anonymous_ones_take_nothing()
    {
        var schemes = document.Root["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", (string?)schemes["apiKey"]!["name"]);
        Assert.Equal("header", (string?)schemes["apiKey"]!["in"]);
        Assert.Equal("cookie", (string?)schemes["cookie"]!["in"]);
        var (_, _, cases) = Operations().Single(o => o.Method == "GET" && o.Path == "/api/cases");
        Assert.Equal(["cookie", "apiKey"], cases["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        var (_, _, login) = Operations().Single(o => o.Method == "POST" && o.Path == "/api/auth/login");
        Assert.Empty(Assert.Single(login["security"]!.AsArray())!.AsObject());
    }

    [Fact]
    public void Each_operation_documents_its_problem_answers()
    {
        var (_, _, update) = Operations().Single(o => o.Method == "PUT" && o.Path == "/api/admin/webhooks/{id}");
        Assert.Equal(["200", "400", "401", "403", "404", "409", "415"], update["responses"]!.AsObject().Select(r => r.Key));
        Assert.Equal("#/components/responses/ValidationProblem", (string?)update["responses"]!["400"]!["$ref"]);
        var (_, _, login) = Operations().Single(o => o.Method == "POST" && o.Path == "/api/auth/login");
        Assert.Contains("429", login["responses"]!.AsObject().Select(r => r.Key));
        var problem = document.Root["components"]!["responses"]!["NotFound"]!["content"]!["application/problem+json"]!;
        Assert.Equal("#/components/schemas/ProblemDetails", (string?)problem["schema"]!["$ref"]);
    }

    [Fact]
    public void The_outgoing_webhooks_are_documented_with_their_envelope()
    {
        var webhooks = document.Root["webhooks"]!.AsObject();
        Assert.Equal(Crm.ServiceInterface.Integrations.WebhookEventType.All, webhooks.Select(w => w.Key));
        var body = webhooks["message.created"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal(["id", "type", "occurredAt", "data"], body["properties"]!.AsObject().Select(p => p.Key));
    }
}
