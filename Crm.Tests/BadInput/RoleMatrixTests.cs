using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.BadInput;

/// <summary>
/// Every endpoint the app maps (read from its EndpointDataSource, not from a list here) is called as each role and as a
/// stranger, and must answer exactly as <see cref="RoleMatrix.Table"/> says: so a new route cannot ship unprotected, and one
/// missing from the table fails with its name.
/// </summary>
public sealed class RoleMatrixTests : IAsyncLifetime
{
    private readonly CrmApp app = new(new TestFolder(), settings: new Dictionary<string, string?> { ["Crm:WebChat:RequestsPerMinute"] = "1000000" });
    private const string RoleRefusal = "Your roles do not allow this.";
    private RoleCallers callers = null!;

    public Task InitializeAsync()
    {
        callers = new RoleCallers(app);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        callers.Dispose();
        app.Dispose();
        app.Folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_endpoint_is_in_the_table_and_answers_each_role_as_it_says()
    {
        using var _ = app.CreateClient(); // starts the host
        var endpoints = Endpoints();
        var missing = endpoints.Where(e => !RoleMatrix.Table.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var stale = RoleMatrix.Table.Keys.Where(k => !endpoints.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0,
            "These endpoints are not in the role table; add a row for each to RoleMatrix.Table (Crm.Tests/BadInput/RoleMatrix.cs) " +
            "saying who may call it:\n" + string.Join("\n", missing.Select(m => $"    [\"{m}\"] = ...,")));
        Assert.True(stale.Count == 0, "These rows of RoleMatrix.Table name no endpoint any more; remove them:\n" + string.Join("\n", stale));

        var wrong = new List<string>();
        foreach (var (key, (method, url)) in endpoints)
        {
            var access = RoleMatrix.Table[key];
            foreach (var role in RoleCallers.All)
            {
                var expected = access.For(role);
                var status = await StatusAsync(role, method, url);
                if (status == 401 && expected != Expect.SignIn && await callers.RenewIfSignedOutAsync(role)) status = await StatusAsync(role, method, url);
                var got = status switch { 401 => Expect.SignIn, 403 => Expect.Forbidden, _ => Expect.Allowed };
                if (got != expected) wrong.Add($"{key} as {role}: expected {expected}, got {status}");
            }
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers differ from the role table:\n" + string.Join("\n", wrong));
    }

    /// <summary>"METHOD /route/{pattern}" of every route endpoint but the single-page app's fallback, with a URL to call it on.</summary>
    private Dictionary<string, (string Method, string Url)> Endpoints()
    {
        var result = new Dictionary<string, (string, string)>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.Contains($":{Crm.Web.ConfigureBadInput.NotApiConstraint}}}", StringComparison.Ordinal)) continue; // the pages' index.html
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var url = endpoint.RoutePattern.Parameters.Aggregate(pattern, (path, p) =>
                System.Text.RegularExpressions.Regex.Replace(path, $@"\{{\*{{0,2}}{p.Name}(:[^}}]*)?\}}", SampleValue(p.Name, p.ParameterPolicies.Count > 0)));
            foreach (var method in methods) result[$"{method} {pattern}"] = (method, url);
        }
        return result;
    }

    // Ids no record has, so a call that is allowed changes nothing (it answers 404 after authorization).
    private static string SampleValue(string name, bool constrained) => name switch
    {
        "documentName" => "v1",
        "channel" => "messenger",
        _ => constrained ? "987654321" : "no-such-id",
    };

    private async Task<int> StatusAsync(string role, string method, string url)
    {
        var client = await callers.ForAsync(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = (int)response.StatusCode;
        // A 403 is the role's only when authorization said it; a webhook's bad signature is a 403 of another kind.
        if (status == 403 && !(await response.Content.ReadAsStringAsync()).Contains(RoleRefusal, StringComparison.Ordinal)) return 400;
        return status;
    }
}
