using System.Text.Json.Nodes;

namespace Crm.Tests.BadInput;

/// <summary>One call to throw at an operation: the URL, the body bytes as sent (null for none) and their content type.</summary>
public sealed record BadCall(string What, string Url, string? Body, string? ContentType = "application/json", string? LastEventId = null);

/// <summary>Malformed, wrong-typed, null, empty, huge and odd input, built from what the OpenAPI document says an operation takes.</summary>
public static class BadInputCases
{
    private static readonly string Huge = new('a', 200_000);

    // A NUL in a path is refused by the HTTP client itself, so path cases leave it out.
    private static readonly string[] OddTexts =
        ["", " ", "\u0000", "\t\n", "💥😀", "<script>alert(1)</script>", "' OR 1=1 --", "%s%n", "../../etc/passwd", "null", "-1", new string('é', 5000)];

    private static readonly JsonNode?[] OddNumbers =
        [-1, 0, long.MaxValue, long.MinValue, 1.5, 1e308, JsonNode.Parse("9223372036854775808"), JsonNode.Parse("1e400")];

    private static readonly string[] OddQueryValues =
        ["abc", "-1", "0", "99999999999999999999", "1e5", "true", "", "%00", "💥", "2026-13-45", new string('9', 2000)];

    /// <summary>The path with each parameter filled: an existing-looking id by default, or the given odd value for one of them.</summary>
    public static string Url(OpenApiOperation operation, string? oddName = null, string? oddValue = null, string? query = null)
    {
        var path = operation.Path;
        foreach (var p in operation.In("path"))
        {
            var value = p.Name == oddName ? oddValue! : p.Schema.Kind is "integer" or "number" ? "1" : DefaultText(p.Name);
            path = path.Replace($"{{{p.Name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var required = operation.In("query").Where(q => q.Required && q.Name != oddName).Select(q => $"{q.Name}={DefaultText(q.Name)}");
        var all = required.Concat(query is null ? [] : [query]).ToList();
        return all.Count == 0 ? path : $"{path}?{string.Join('&', all)}";
    }

    private static string DefaultText(string name) => name == "channel" ? "messenger" : "x";

    public static IEnumerable<BadCall> For(OpenApiOperation operation)
    {
        var url = Url(operation);
        yield return new BadCall("as documented", url, operation.Body?.Sample()?.ToJsonString());

        foreach (var p in operation.In("path"))
            foreach (var odd in p.Schema.Kind is "integer" or "number"
                         ? ["0", "-1", "9223372036854775807", "abc", "1.5"]
                         : OddTexts.Where(t => t.Length > 0 && !t.Contains('\u0000')))
                yield return new BadCall($"path {p.Name}={Short(odd)}", Url(operation, p.Name, odd), operation.Body?.Sample()?.ToJsonString());

        foreach (var q in operation.In("query"))
            foreach (var odd in OddQueryValues)
                yield return new BadCall($"query {q.Name}={Short(odd)}", Url(operation, q.Name, query: $"{q.Name}={Uri.EscapeDataString(odd)}"),
                    operation.Body?.Sample()?.ToJsonString());

        if (operation.Method == "GET")
            foreach (var odd in new[] { "abc", "-1", "99999999999999999999", "1e3" })
                yield return new BadCall($"Last-Event-ID: {odd}", url, null, LastEventId: odd);

        if (operation.Body is not { } body) yield break;
        yield return new BadCall("no body and no content type", url, null, null);
        yield return new BadCall("an empty JSON body", url, "");
        yield return new BadCall("text/plain", url, body.Sample()!.ToJsonString(), "text/plain");
        yield return new BadCall("form-encoded", url, "a=1&b=2", "application/x-www-form-urlencoded");
        foreach (var odd in new[] { "application/json; charset=bogus", "application/json; charset=utf-16", "application/xml", "application/merge-patch+json",
                     "*/*" })
            yield return new BadCall($"content type {odd}", url, body.Sample()!.ToJsonString(), odd);
        var rest = body.Sample()!.ToJsonString().TrimStart('{');
        yield return new BadCall("duplicate fields", url, "{\"a\":1,\"a\":2," + (rest == "}" ? "\"b\":0}" : rest));
        yield return new BadCall("a byte order mark", url, "\uFEFF" + body.Sample()!.ToJsonString());
        var deep = new string('[', 200) + new string(']', 200);
        foreach (var malformed in new[] { "{", "{\"a\":}", "nul", "\u0000", "{\"a\":1,}", "[1,2", "{'a':1}", "\"unterminated", deep })
            yield return new BadCall($"malformed {Short(malformed)}", url, malformed);
        foreach (var whole in new[] { "null", "[]", "\"x\"", "42", "true", "{}", "[{}]" })
            yield return new BadCall($"body {whole}", url, whole);
        yield return new BadCall("an unknown field", url, With(body, "unexpectedField", JsonValue.Create(Huge)));

        foreach (var (name, field) in body.Properties)
            foreach (var (what, value) in Spoilers(field))
                yield return new BadCall($"{name} = {what}", url, With(body, name, value));
    }

    private static IEnumerable<(string What, JsonNode? Value)> Spoilers(OpenApiSchema field)
    {
        yield return ("null", null);
        switch (field.Kind)
        {
            case "string":
                yield return ("a number", 12345);
                yield return ("true", true);
                yield return ("a list", new JsonArray("x"));
                yield return ("an object", new JsonObject { ["x"] = 1 });
                yield return ("200,000 characters", Huge);
                foreach (var odd in OddTexts) yield return ($"\"{Short(odd)}\"", odd);
                break;
            case "integer" or "number":
                yield return ("text", "abc");
                yield return ("a numeric text", "12");
                yield return ("true", true);
                yield return ("a list", new JsonArray(1));
                yield return ("an object", new JsonObject());
                foreach (var odd in OddNumbers) yield return (odd?.ToJsonString() ?? "null", odd?.DeepClone());
                break;
            case "boolean":
                yield return ("text", "yes");
                yield return ("a number", 1);
                yield return ("a list", new JsonArray());
                break;
            case "array":
                yield return ("an object", new JsonObject());
                yield return ("text", "x");
                yield return ("a list of null", new JsonArray((JsonNode?)null));
                yield return ("a list of objects", new JsonArray(new JsonObject(), new JsonObject { ["x"] = Huge }));
                yield return ("a list of mixed kinds", new JsonArray(1, "x", true, new JsonArray()));
                yield return ("a huge item", new JsonArray(Huge));
                yield return ("10,000 items", new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()));
                if (field.Items is { } items) yield return ("a list of one documented item", new JsonArray(items.Sample()));
                break;
            default:
                yield return ("a list", new JsonArray());
                yield return ("text", "x");
                yield return ("an object with a null", new JsonObject { [""] = null, ["x"] = null });
                yield return ("an object with a huge value", new JsonObject { ["x"] = Huge });
                yield return ("an object of objects", new JsonObject { ["x"] = new JsonObject { ["y"] = 1 } });
                break;
        }
    }

    private static string With(OpenApiSchema body, string name, JsonNode? value)
    {
        var sample = body.Sample() as JsonObject ?? new JsonObject();
        sample[name] = value;
        return sample.ToJsonString();
    }

    private static string Short(string text) => text.Length <= 24 ? text.Replace("\u0000", "\\0") : $"{text[..12]}…({text.Length:N0} chars)";
}
