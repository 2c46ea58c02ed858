using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;

namespace Crm.Web;

/// <summary>
/// Bad input from outside gets a 4xx problem naming the field, never a 500: binding failures throw (so the handler can say
/// which field), a JSON null is refused where the contract has no null, and an unknown /api route is 401 or 404, while a known
/// route with the wrong method or content type stays 405 (with Allow) or 415.
/// </summary>
public static class ConfigureBadInput
{
    /// <summary>Route constraint of the SPA fallback: every path but the API's and the webhooks', which answer for themselves.</summary>
    public const string NotApiConstraint = "notapi";

    public static WebApplicationBuilder AddCrmBadInput(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblemHandler>();
        services.Configure<RouteOptions>(o => o.ConstraintMap[NotApiConstraint] = typeof(NotApiRouteConstraint));
        services.Configure<JsonOptions>(o =>
        {
            // `"identities": null` is refused with the field's name instead of reaching a service as a null list.
            o.SerializerOptions.RespectNullableAnnotations = true;
            // Only what comes in is held to the annotations: an answer is never turned into a 500 by them.
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(AllowNullOnWrite).WithAddedModifier(RefuseNullItems)
                .WithAddedModifier(RefuseNulCharacters);
        });
        return builder;
    }

    private static void AllowNullOnWrite(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
            if (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null) property.IsGetNullable = true;
    }

    /// <summary>The message of the JSON error a null item raises; BadRequestProblemHandler says it in words.</summary>
    public const string NullItemMessage = "A list or map here cannot hold null items.";

    /// <summary>`"identities": [null]`: the annotations say the items are not null, so the list is refused, not stored with a hole.</summary>
    private static void RefuseNullItems(JsonTypeInfo type)
    {
        var context = new NullabilityInfoContext();
        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set || property.AttributeProvider is not PropertyInfo info) continue;
            if (property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType)) continue;
            var nullability = context.Create(info);
            var item = nullability.ElementType ?? nullability.GenericTypeArguments.LastOrDefault();
            if (item is not { ReadState: NullabilityState.NotNull }) continue;
            property.Set = (target, value) =>
            {
                var items = value is IDictionary map ? map.Values : value as IEnumerable;
                if (items is not null && items.Cast<object?>().Any(i => i is null)) throw new JsonException(NullItemMessage);
                set(target, value);
            };
        }
    }

    /// <summary>The message of the JSON error a NUL character raises; BadRequestProblemHandler names the field.</summary>
    public const string NulCharacterMessage = "Text here cannot contain the NUL character (\\u0000).";

    /// <summary>PostgreSQL cannot store U+0000 in text; it is refused on every database alike, never stored on one and lost on another.</summary>
    private static void RefuseNulCharacters(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set) continue;
            if (property.PropertyType == typeof(string))
                property.Set = (target, value) =>
                {
                    if (value is string text && text.Contains('\0')) throw new JsonException(NulCharacterMessage);
                    set(target, value);
                };
            else if (typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType) || typeof(IDictionary).IsAssignableFrom(property.PropertyType))
                property.Set = (target, value) =>
                {
                    var items = value is IDictionary map
                        ? map.Values.Cast<object?>().Concat(map.Keys.Cast<object?>())
                        : (value as IEnumerable)?.Cast<object?>();
                    if (items is not null && items.Any(i => i is string text && text.Contains('\0'))) throw new JsonException(NulCharacterMessage);
                    set(target, value);
                };
        }
    }

    /// <summary>A body in a character set nobody can read ("charset=bogus") is 415 in words, a NUL in the query 400, before a reader throws.</summary>
    public static WebApplication UseCrmReadableCharsets(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var media)
                && media.Charset is { Length: > 0 } charset && !Readable(charset.Value!))
            {
                await TypedResults.Problem(statusCode: 415, title: "Unsupported character set",
                    detail: $"The body's character set '{charset}' cannot be read; send it as UTF-8 (Content-Type: application/json; charset=utf-8).")
                    .ExecuteAsync(context);
                return;
            }
            // The body's NUL characters are refused by the JSON modifier above; the query's here, naming the parameter.
            if (context.Request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0') == true)) is { Key: { } name })
            {
                await TypedResults.ValidationProblem(new Dictionary<string, string[]>
                    { [name] = [$"The {name} parameter contains the NUL character (%00), which cannot be stored or searched; remove it."] },
                    title: "Check the form").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool Readable(string charset)
    {
        try { return System.Text.Encoding.GetEncoding(charset.Trim('"')) is not null; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>No endpoint under /api: 401 to strangers (nothing about the API leaks), 404 problem to the signed in.</summary>
    public static WebApplication UseCrmUnknownApiRoutes(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null || !context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            var result = signedIn
                ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no such API route.")
                : TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "Sign in first (session cookie or X-Api-Key header).");
            await result.ExecuteAsync(context);
        });
        return app;
    }
}

public sealed class NotApiRouteConstraint : IRouteConstraint
{
    private static readonly string[] Owned = ["api", "webhooks", "openapi"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        var path = values.TryGetValue(routeKey, out var value) ? value?.ToString() ?? "" : "";
        var first = path.TrimStart('/').Split('/', 2)[0];
        return !Owned.Contains(first, StringComparer.OrdinalIgnoreCase);
    }
}
