using System.Text.Json.Nodes;

namespace Crm.Tests.BadInput;

/// <summary>One operation of /openapi/v1.json as the bad-input walk needs it: where, which parameters, the body's fields.</summary>
public sealed record OpenApiOperation(
    string Method, string Path, IReadOnlyList<OpenApiParameter> Parameters, OpenApiSchema? Body, IReadOnlyList<string> BodyContentTypes)
{
    public override string ToString() => $"{Method} {Path}";

    public IEnumerable<OpenApiParameter> In(string where) => Parameters.Where(p => p.In == where);
}

public sealed record OpenApiParameter(string Name, string In, bool Required, OpenApiSchema Schema);

/// <summary>A schema reduced to its kind (string, integer, number, boolean, array, object) and, for objects, its properties.</summary>
public sealed record OpenApiSchema(string Kind, IReadOnlyDictionary<string, OpenApiSchema> Properties, OpenApiSchema? Items)
{
    /// <summary>A value of the right kind, for the fields a case does not spoil.</summary>
    public JsonNode? Sample(int depth = 0) => Kind switch
    {
        "string" => JsonValue.Create("x"),
        "integer" or "number" => JsonValue.Create(1),
        "boolean" => JsonValue.Create(true),
        "array" => new JsonArray(),
        _ when depth > 3 => new JsonObject(),
        _ => new JsonObject(Properties.Select(p => KeyValuePair.Create(p.Key, p.Value.Sample(depth + 1)))),
    };
}

public static class OpenApiDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IReadOnlyList<OpenApiOperation> Operations(JsonNode document)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var method in Methods)
            {
                if (item[method] is not { } operation) continue;
                var parameters = shared.Concat(operation["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(document, p!))
                    .Select(p => new OpenApiParameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() ?? false, Schema(document, p["schema"], 0)))
                    .ToList();
                var content = operation["requestBody"] is { } body ? Resolve(document, body)["content"]?.AsObject() : null;
                var types = content?.Select(c => c.Key).ToList() ?? [];
                var bodySchema = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
                operations.Add(new OpenApiOperation(method.ToUpperInvariant(), path, parameters,
                    content is null ? null : Schema(document, bodySchema, 0), types));
            }
        }
        return operations;
    }

    private static JsonNode Resolve(JsonNode document, JsonNode node)
    {
        for (var hops = 0; node["$ref"]?.GetValue<string>() is { } reference && hops < 20; hops++)
        {
            JsonNode? target = document;
            foreach (var part in reference.TrimStart('#', '/').Split('/')) target = target?[part.Replace("~1", "/").Replace("~0", "~")];
            node = target ?? throw new InvalidOperationException($"Unresolved {reference}");
        }
        return node;
    }

    private static OpenApiSchema Schema(JsonNode document, JsonNode? node, int depth)
    {
        if (node is null || depth > 6) return new OpenApiSchema("object", new Dictionary<string, OpenApiSchema>(), null);
        node = Resolve(document, node);
        // 3.1 documents nest nullable and one-of shapes: the first branch that is not "null" says the kind.
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (node[combinator]?.AsArray().FirstOrDefault(b => Resolve(document, b!)["type"]?.ToString() != "null") is { } branch)
                return Schema(document, branch, depth + 1);
        var types = node["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => node["properties"] is not null ? ["object"] : node["items"] is not null ? ["array"] : new List<string> { "object" },
        };
        // Numbers are documented as integer-or-string (they may be read from strings): the number is what is meant.
        var kind = new[] { "integer", "number", "boolean", "array", "object", "string" }.FirstOrDefault(types.Contains) ?? "object";
        var properties = node["properties"]?.AsObject().ToDictionary(p => p.Key, p => Schema(document, p.Value, depth + 1))
            ?? new Dictionary<string, OpenApiSchema>();
        return new OpenApiSchema(kind, properties, node["items"] is { } items ? Schema(document, items, depth + 1) : null);
    }
}
