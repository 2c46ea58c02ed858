using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Crm.Web;

/// <summary>
/// Per operation, from the endpoint's own metadata (so every route group is covered without editing its lines): an operationId
/// from the handler's name, the security its group requires, and the problem+json 4xx answers it can give.
/// </summary>
internal sealed class OpenApiOperationContract : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "").TrimStart('/');
        operation.OperationId ??= OperationIds.FromHandler(metadata.OfType<MethodInfo>().LastOrDefault()) ?? OperationIds.FromRoute(method, path);
        OperationIds.Remember(operation, method, path);

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var document = context.Document!;
        operation.Security = anonymous ? [new OpenApiSecurityRequirement()] : OpenApiContract.SignedIn(document);

        var hasBody = operation.RequestBody is not null;
        var hasPathId = path.Contains('{');
        var writes = method is not ("GET" or "HEAD");
        var roles = metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.OfType<RolesAuthorizationRequirement>().Any())
            || metadata.OfType<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles));
        var signedWebhook = path.StartsWith("/webhooks/", StringComparison.Ordinal);

        operation.Responses ??= [];
        void Add(int status) => operation.Responses.TryAdd(status.ToString(), new OpenApiResponseReference(OpenApiContract.ProblemResponse(status), document));
        if (hasBody || operation.Parameters is { Count: > 0 }) Add(StatusCodes.Status400BadRequest);
        if (!anonymous || signedWebhook && writes) Add(StatusCodes.Status401Unauthorized);
        if (roles || signedWebhook) Add(StatusCodes.Status403Forbidden);
        if (hasPathId) Add(StatusCodes.Status404NotFound);
        if (writes && !anonymous) Add(StatusCodes.Status409Conflict);
        if (hasBody) Add(StatusCodes.Status415UnsupportedMediaType);
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) Add(StatusCodes.Status429TooManyRequests);
        if (operation.Responses.Keys.All(k => !k.StartsWith('4'))) Add(StatusCodes.Status404NotFound); // an unknown route or record, at least
        return Task.CompletedTask;
    }
}

/// <summary>Names operations after their handlers; where two handlers share a name (or a route has a lambda), after method and route.</summary>
internal static class OperationIds
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<OpenApiOperation, string> Routes = new();

    public static string? FromHandler(MethodInfo? handler) =>
        handler is null || handler.Name.Contains('<') ? null : char.ToLowerInvariant(handler.Name[0]) + handler.Name[1..];

    /// <summary>"GET /api/admin/wrapup-reasons/{id}" → "getAdminWrapupReasonsById".</summary>
    public static string FromRoute(string method, string path)
    {
        var name = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "api"))
        {
            var parameter = segment.StartsWith('{');
            if (parameter) name.Append("By");
            foreach (var word in segment.Trim('{', '}').Split(':')[0].Split('-', '_', '.'))
                if (word.Length > 0) name.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }
        return name.ToString();
    }

    public static void Remember(OpenApiOperation operation, string method, string path) => Routes.AddOrUpdate(operation, FromRoute(method, path));

    /// <summary>Every id shared by two operations becomes each one's route name, so ids are unique and do not depend on mapping order.</summary>
    public static void MakeUnique(OpenApiDocument document)
    {
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).ToList();
        foreach (var shared in operations.GroupBy(o => o.OperationId).Where(g => g.Count() > 1).ToList())
            foreach (var operation in shared)
                operation.OperationId = Routes.TryGetValue(operation, out var route) ? route : operation.OperationId;
    }
}

/// <summary>
/// The document as integrators and their tools read it: info with licence and contact, the server, the two ways to sign in,
/// the problem+json answers every operation refers to, tag descriptions, examples for the main flows, and the outgoing webhooks.
/// </summary>
internal sealed class OpenApiContract : IOpenApiDocumentTransformer
{
    public const string CookieScheme = "cookie", ApiKeyScheme = "apiKey";

    private static readonly Dictionary<int, (string Name, string Description)> Problems = new()
    {
        [400] = ("ValidationProblem", "The request is not valid: `errors` names each field (as sent) with what to change."),
        [401] = ("Unauthorized", "Not signed in: send the session cookie or an `X-Api-Key` header (for /webhooks: the signature does not match)."),
        [403] = ("Forbidden", "Signed in, but your roles do not allow this (for /webhooks: the verify token is wrong)."),
        [404] = ("NotFound", "There is no such record or route."),
        [409] = ("Conflict", "The record's state does not allow this now (already closed, taken by someone else, a name in use); `detail` says why."),
        [415] = ("UnsupportedMediaType", "The body is not JSON: send it with `Content-Type: application/json`."),
        [429] = ("TooManyRequests", "Too many requests from this address; wait and try again."),
    };

    public static string ProblemResponse(int status) => Problems[status].Name;

    public static List<OpenApiSecurityRequirement> SignedIn(OpenApiDocument document) =>
    [
        new() { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
        new() { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CrmSuite API",
            Version = "1.0.0",
            Description = "The contact center's REST API: customers, cases, conversations, routing, supervision and administration. " +
                "Every error is problem+json. Integrations sign in with an `X-Api-Key` header (keys are created by admins under Users); " +
                "outgoing webhooks (Admin > Integrations) push events as they happen, see `webhooks`.",
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
            Contact = new OpenApiContact { Name = "CrmSuite maintainers", Email = "crm-admins@example.org" },
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server this document was read from" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "crm.auth",
                Description = "The session cookie set by `POST /api/auth/login`; the browser desktop uses it.",
            },
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ConfigureAuth.ApiKeyHeader,
                Description = "An API key (admins create them under Users); it acts as its user, with that user's roles.",
            },
        };
        AddProblems(document);
        OperationIds.MakeUnique(document);
        OpenApiExamples.Apply(document);
        await OpenApiWebhooks.ApplyAsync(document, context, ct);
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            tag.Description ??= OpenApiTags.Descriptions.GetValueOrDefault(tag.Name ?? "") ?? $"The {tag.Name} operations.";
    }

    private static void AddProblems(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["ProblemDetails"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details, as every error of this API is written (application/problem+json).",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary, the same for every problem of this kind." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong here, in words for a person." },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's id in the server's log." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object, Description = "400 only: each field (as the JSON names it) with its messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
            Required = new HashSet<string> { "title", "status" },
        };
        document.Components.Responses = new Dictionary<string, IOpenApiResponse>();
        foreach (var (status, (name, description)) in Problems)
            document.Components.Responses[name] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new()
                    {
                        Schema = new OpenApiSchemaReference("ProblemDetails", document),
                        Example = JsonNode.Parse(status == 400
                            ? """{"title":"Check the form","status":400,"detail":"Give the queue a name.","errors":{"name":["Give the queue a name."]}}"""
                            : $$"""{"title":"{{name}}","status":{{status}},"detail":"{{description.Replace("`", "").Replace("\"", "'")}}"}"""),
                    },
                },
            };
    }
}
