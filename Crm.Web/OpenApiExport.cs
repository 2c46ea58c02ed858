using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web;

/// <summary>
/// <c>dotnet Crm.Web.dll --openapi-document path</c> writes /openapi/v1.json to the file and exits without starting the app
/// (no database, no jobs): ClientApp.targets runs it after each build and generates the browser's types from the file.
/// </summary>
public static class OpenApiExport
{
    public const string Argument = "--openapi-document";

    /// <summary>True when the document was asked for and written: the caller then ends instead of running the app.</summary>
    public static async Task<bool> ExportOpenApiIfAskedAsync(this WebApplication app, string[] args)
    {
        var at = Array.IndexOf(args, Argument);
        if (at < 0) return false;
        if (at + 1 >= args.Length) throw new ArgumentException($"{Argument} needs the path of the file to write.");
        // The mapped endpoints reach the API description only through endpoint routing, which a started app wires up.
        app.UseRouting();
        app.UseEndpoints(_ => { });
        var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        await using var text = new StringWriter();
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        var path = Path.GetFullPath(args[at + 1]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text.ToString());
        return true;
    }
}

/// <summary>
/// Whole numbers are numbers on the wire (the API also reads them from strings, which made the schema say "integer or
/// string"): the generated client then types ids as <c>number</c>.
/// </summary>
internal sealed class IntegersAreNumbers : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// The document states the nullability the C# contract declares: answers are written leniently (see ConfigureBadInput), which
/// would otherwise mark every reference-typed property as nullable and make the generated client's types say "maybe null".
/// </summary>
internal sealed class DeclaredNullability : IOpenApiSchemaTransformer
{
    private readonly NullabilityInfoContext nullability = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is PropertyInfo property && schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)
            && !property.PropertyType.IsValueType)
        {
            NullabilityInfo info;
            lock (nullability) info = nullability.Create(property);
            if (info.ReadState == NullabilityState.NotNull) schema.Type = type & ~JsonSchemaType.Null;
        }
        return Task.CompletedTask;
    }
}
