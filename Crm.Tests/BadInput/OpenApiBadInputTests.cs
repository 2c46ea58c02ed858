using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Tests.BadInput;

/// <summary>
/// Walks /openapi/v1.json from the running host and throws malformed, wrong-typed, null, empty, huge and odd input at every
/// operation as every role and as a stranger: never a 5xx, and every 4xx is problem+json saying what to change. It reads the
/// document, so an operation added tomorrow is walked tomorrow.
/// </summary>
public sealed class OpenApiBadInputTests : IAsyncLifetime
{
    private const string FrameworkTitle = "One or more validation errors occurred.";

    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?>
    {
        ["Crm:WebChat:RequestsPerMinute"] = "1000000",
        ["Crm:Auth:LoginPermitsPerMinute"] = "1000000",
    });

    private RoleCallers callers = null!;

    public async Task InitializeAsync()
    {
        callers = new RoleCallers(app);
        // Something for id 1 to find: a customer and a case on it.
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/customers",
            new CreateCustomer { Name = "Ada Lovelace", Identities = [new IdentityInput { Channel = "email", Address = "ada@example.com" }] });
    }

    public Task DisposeAsync()
    {
        callers.Dispose();
        app.Dispose();
        app.Folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_operation_answers_bad_input_as_every_role_with_a_4xx_problem_never_a_5xx()
    {
        var operations = await OperationsAsync();
        Assert.True(operations.Count > 20, $"only {operations.Count} operations in /openapi/v1.json");
        var failures = new ConcurrentBag<string>();
        var calls = 0;

        foreach (var role in RoleCallers.All)
            await Parallel.ForEachAsync(operations.SelectMany(o => BadInputCases.For(o).Select(c => (o, c))),
                new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
                {
                    Interlocked.Increment(ref calls);
                    if (await CheckAsync(role, item.o, item.c) is { } failure) failures.Add(failure);
                });

        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {calls} calls answered wrongly (first 40, by operation):\n" + string.Join("\n", failures.Order().Take(40)));
    }

    private async Task<IReadOnlyList<OpenApiOperation>> OperationsAsync()
    {
        using var anonymous = app.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        return OpenApiDocument.Operations(document);
    }

    /// <summary>Null when the answer is right, else what was wrong with it.</summary>
    private async Task<string?> CheckAsync(string role, OpenApiOperation operation, BadCall call)
    {
        var client = await callers.ForAsync(role);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), call.Url);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.Body));
            // Sent as given, parameters and all, even where the client library would refuse to build it.
            if (call.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
        }
        if (call.LastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", call.LastEventId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            return $"{operation} [{call.What}] as {role}: the call failed: {ex.GetType().Name}: {ex.Message}";
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            if (type == "text/event-stream") return null; // a live stream that opened: nothing more to read
            string body;
            try { body = await response.Content.ReadAsStringAsync(CancellationToken.None); }
            catch (HttpRequestException ex)
            {
                return $"{operation} [{call.What}] as {role}: {status}, and the body broke off: {ex.InnerException?.Message ?? ex.Message}";
            }
            if (status == 401 && await callers.RenewIfSignedOutAsync(role)) return null; // the call signed its caller out (logout, revoke)
            var where = $"{operation} [{call.What}] as {role}: {status}";
            if (status >= 500) return $"{where} {Excerpt(body)}";
            if (status < 400) return null;
            if (type != "application/problem+json") return $"{where} as {type ?? "no content type"}, not problem+json: {Excerpt(body)}";
            return ProblemFault(status, body) is { } fault ? $"{where} {fault}: {Excerpt(body)}" : null;
        }
    }

    /// <summary>What a problem body lacks: a title and detail in words, and on a 400 the field it is about.</summary>
    private static string? ProblemFault(int status, string body)
    {
        JsonElement problem;
        try { problem = JsonSerializer.Deserialize<JsonElement>(body); }
        catch (JsonException) { return "the problem is not JSON"; }
        var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        if (string.IsNullOrWhiteSpace(title)) return "the problem has no title";
        if (title == FrameworkTitle) return "the problem's title is the framework's";
        if (string.IsNullOrWhiteSpace(detail)) return "the problem has no detail";
        if (status == 400 && !(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any()))
            return "the 400 names no field (no errors)";
        return null;
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
