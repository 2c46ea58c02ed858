using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web;

/// <summary>
/// Documents what <c>GET /api/events</c> pushes: one schema per event record, and <c>PushedEvents</c>, an object whose property
/// names are the SSE event names and whose values are those records, so the browser's types are generated from one list.
/// </summary>
internal sealed class OpenApiEvents : IOpenApiDocumentTransformer
{
    public const string MapSchema = "PushedEvents";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var map = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every event of GET /api/events: the property name is the SSE event name, its value the event's data.",
            Properties = new Dictionary<string, IOpenApiSchema>(),
            Required = new HashSet<string>(),
        };
        foreach (var (name, type) in PushedEvents.ByName)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
            var pushed = $"Pushed on /api/events as the \"{name}\" event.";
            if (schema.Description?.Contains(pushed, StringComparison.Ordinal) != true)
                schema.Description = string.IsNullOrEmpty(schema.Description) ? pushed : $"{schema.Description} {pushed}";
            document.Components.Schemas[type.Name] = schema;
            map.Properties[name] = new OpenApiSchemaReference(type.Name, document);
            map.Required.Add(name);
        }
        document.Components.Schemas[MapSchema] = map;
    }
}
