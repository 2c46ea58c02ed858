using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Crm.Web;

/// <summary>
/// Turns the framework's request-binding failures (malformed JSON, a wrong type, a null where a value belongs, a missing or
/// unreadable parameter) into a 400 problem that names the field in words, instead of a bare status or a 500.
/// </summary>
public sealed partial class BadRequestProblemHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var (field, message) = Explain(bad);
        context.Response.StatusCode = bad.StatusCode;
        var details = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "Check the request" : TitleOf(bad.StatusCode),
            Detail = message,
        };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
        StatusCodes.Status408RequestTimeout => "Request timed out",
        _ => "Bad request",
    };

    /// <summary>The field the failure is about (the JSON path without "$.", or "body") and what to change, for a person.</summary>
    public static (string Field, string Message) Explain(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json) return ExplainJson(json);
        var text = bad.Message;
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge) return ("body", "The request body is too large.");
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType) return ("body", "Send the body as JSON, with Content-Type: application/json.");
        if (BindFailed().Match(text) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            return (name, $"{Words(name)} must be {KindOf(failed.Groups["type"].Value)} (not \"{Cut(failed.Groups["value"].Value)}\").");
        }
        if (NotProvided().Match(text) is { Success: true } missing)
            return missing.Groups["source"].Value.StartsWith("body", StringComparison.Ordinal)
                ? ("body", "Send the request's fields as a JSON object in the body, with Content-Type: application/json.")
                : (missing.Groups["name"].Value, $"{Words(missing.Groups["name"].Value)} is missing; give it in the {missing.Groups["source"].Value}.");
        if (text.Contains("no body was provided", StringComparison.Ordinal))
            return ("body", "Send the request's fields as a JSON object in the body, with Content-Type: application/json.");
        return ("body", "The request could not be read; send the fields as a JSON object with Content-Type: application/json.");
    }

    private static (string Field, string Message) ExplainJson(JsonException json)
    {
        var path = json.Path is null or "$" ? "" : json.Path.TrimStart('$').TrimStart('.');
        var field = path.Length == 0 ? "body" : path;
        var text = json.Message;
        if (MissingRequired().Match(text) is { Success: true } required)
        {
            var name = required.Groups["name"].Value;
            return (path.Length == 0 ? name : $"{path}.{name}", $"Give {Words(name).ToLowerInvariant()}; it is required.");
        }
        if (text.StartsWith(ConfigureBadInput.NullItemMessage, StringComparison.Ordinal))
            return (field, $"{Describe(path)} cannot hold null items; leave them out.");
        if (text.StartsWith(ConfigureBadInput.NulCharacterMessage, StringComparison.Ordinal))
            return (field, $"{Describe(path)} contains the NUL character (\\u0000), which cannot be stored; remove it.");
        if (text.Contains("allow setting null", StringComparison.Ordinal))
            return (field, $"{Describe(path)} cannot be null; leave it out or give a value.");
        if (ConvertedTo().Match(text) is { Success: true } converted)
            return path.Length == 0
                ? ("body", $"The body must be {KindOf(converted.Groups["type"].Value)}.")
                : (field, $"{Describe(path)} must be {KindOf(converted.Groups["type"].Value)}.");
        if (text.Contains("maximum configured depth", StringComparison.Ordinal))
            return ("body", "The JSON body is nested too deeply.");
        var where = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
        return ("body", $"The body is not valid JSON{where}; send the fields as one JSON object.");
    }

    /// <summary>"identities[0].channel" reads "Channel (identities, item 1)".</summary>
    private static string Describe(string path)
    {
        var segments = path.Split('.');
        var last = IndexOf().Replace(segments[^1], "");
        var index = IndexOf().Matches(path).LastOrDefault();
        if (index is null) return Words(last);
        var owner = IndexOf().Replace(segments.LastOrDefault(s => s.Contains('[')) ?? last, "");
        var item = long.Parse(index.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        return owner == last ? $"Item {item} of {Words(owner).ToLowerInvariant()}" : $"{Words(last)} ({Words(owner).ToLowerInvariant()}, item {item})";
    }

    /// <summary>"reasonIds" reads "Reason ids".</summary>
    public static string Words(string name)
    {
        var spaced = CamelHump().Replace(name.Trim('"', ' '), " $1").Replace('_', ' ').Trim().ToLowerInvariant();
        return spaced.Length == 0 ? "The field" : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    /// <summary>What a CLR type name (from the framework's message) means in JSON, said for a person.</summary>
    private static string KindOf(string typeName)
    {
        var name = typeName.Trim().TrimEnd('?');
        if (NullableOf().Match(name) is { Success: true } nullable) name = nullable.Groups["inner"].Value;
        if (!name.Contains('.') && !name.Contains('<') && name.Length > 0 && char.IsUpper(name[0])) name = "System." + name;
        var type = FindType(name);
        if (type is { IsEnum: true }) return $"one of {string.Join(", ", Enum.GetNames(type))}";
        return name switch
        {
            "System.Int64" or "System.Int32" or "System.Int16" or "System.Byte" or "System.UInt64" or "System.UInt32" or "long" or "int" or "short" =>
                "a whole number",
            "System.Double" or "System.Decimal" or "System.Single" or "double" or "decimal" or "float" => "a number",
            "System.Boolean" or "bool" => "true or false",
            "System.String" or "string" => "text in quotes",
            "System.DateTimeOffset" or "System.DateTime" or "DateTimeOffset" or "DateTime" => "a date and time like 2026-12-01T09:30:00Z",
            "System.DateOnly" or "DateOnly" => "a date like 2026-12-01",
            _ when name.Contains("Dictionary", StringComparison.Ordinal) => "an object of names and values",
            _ when name.Contains("List", StringComparison.Ordinal) || name.Contains("Enumerable", StringComparison.Ordinal)
                || name.EndsWith("[]", StringComparison.Ordinal) => "a list in [ ]",
            _ when type is not null && typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) => "a list in [ ]",
            _ => "an object in { }",
        };
    }

    private static Type? FindType(string fullName) =>
        Type.GetType(fullName) ?? typeof(IReturn<>).Assembly.GetType(fullName);

    private static string Cut(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("""Failed to bind parameter "(?<type>.*?) (?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>.*)"\.""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""Required parameter "(?<type>.*?) ?(?<name>[A-Za-z_][A-Za-z0-9_]*)" was not provided from (?<source>[^.]+)\.""")]
    private static partial Regex NotProvided();

    [GeneratedRegex("""missing required properties,? including:? '(?<name>[^']+)'""")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("""could not be converted to (?<type>[^ ]+?)\.? Path""")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("""^(System\.)?Nullable(`1\[(?<inner>.+)\]|<(?<inner>.+)>)$""")]
    private static partial Regex NullableOf();

    [GeneratedRegex("""\[(?<n>\d+)\]""")]
    private static partial Regex IndexOf();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
