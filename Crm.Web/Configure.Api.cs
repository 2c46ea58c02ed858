using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Cases;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;
using Crm.Web.Apis;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Web;

public static class ConfigureApi
{
    public static WebApplicationBuilder AddCrmApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ShapeProblem);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();
        services.AddSingleton(builder.Configuration.GetSection("Crm:Customers").Get<CustomerOptions>() ?? new CustomerOptions());
        services.AddSingleton<CustomFieldsServices>();
        services.AddSingleton<CustomersServices>();
        services.AddSingleton<ScreenPopServices>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiEvents>()
            .AddSchemaTransformer<IntegersAreNumbers>().AddSchemaTransformer<DeclaredNullability>()
            .AddDocumentTransformer<OpenApiContract>().AddOperationTransformer<OpenApiOperationContract>());
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode
                | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        services.AddSingleton<CasesServices>();
        services.AddSingleton<EventLog>();
        services.AddSingleton(sp => new StreamTicker(sp.GetRequiredService<EventLog>(), sp.GetRequiredService<InboxWatch>(),
            TimeSpan.FromSeconds(builder.Configuration.GetValue("Crm:Events:HeartbeatSeconds", EventsApi.DefaultHeartbeat.TotalSeconds))));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication UseCrmPipeline(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseCrmUnknownApiRoutes();
        app.UseCrmReadableCharsets();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapCrmApis(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealth }).AllowAnonymous();

        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapCasesApi();
        api.MapCustomersApi();
        api.MapScreenPopApi();
        api.MapRoutingApis();
        api.MapConversationApis();
        api.MapEventsApi();
        api.MapChannelApis();
        api.MapAdminApis();
        api.MapEntryFlowApis();
        api.MapMonitorApi();
        api.MapChatSupervisionApi();
        api.MapReportsApi();
        api.MapPlaybackApi();
        api.MapPublicActionsApi();
        api.MapIntegrationsApis();
        api.MapOutboundApis();
        // Not under /api or /webhooks: a catch-all there would swallow the 405s and 415s of real routes (UseCrmUnknownApiRoutes answers).
        app.MapFallbackToFile($"{{*path:nonfile:{ConfigureBadInput.NotApiConstraint}}}", "index.html").AllowAnonymous();
        return app;
    }

    private const string FrameworkValidationTitle = "One or more validation errors occurred.";

    /// <summary>Every problem says what went wrong, with field names spelled as the JSON the client sent.</summary>
    private static void ShapeProblem(ProblemDetailsContext ctx)
    {
        var problem = ctx.ProblemDetails;
        problem.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier);
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "Sign in first (session cookie or X-Api-Key header).",
            StatusCodes.Status403Forbidden => "Your roles do not allow this.",
            StatusCodes.Status404NotFound => "There is no such page or record.",
            StatusCodes.Status405MethodNotAllowed =>
                $"This address does not take {ctx.HttpContext.Request.Method}; it takes {ctx.HttpContext.Response.Headers.Allow}.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
            StatusCodes.Status429TooManyRequests => "Too many attempts; wait a minute and try again.",
            _ => null,
        };
        if (problem is HttpValidationProblemDetails validation)
        {
            // The framework's own title ("One or more validation errors occurred.") says nothing a person can act on.
            if (problem.Title is null or FrameworkValidationTitle) problem.Title = "Check the form";
            problem.Detail ??= validation.Errors.SelectMany(e => e.Value).Distinct().Count() == 1
                ? validation.Errors.First().Value[0] : "Some fields need attention; each says what to change.";
            var camel = validation.Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
            validation.Errors.Clear();
            foreach (var (key, messages) in camel) validation.Errors[key] = messages;
        }
    }

    private static Task WriteHealth(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        });
}

/// <summary>Turns the domain's ProblemException into problem+json with its status; anything else stays a 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not ProblemException problem) return false;
        context.Response.StatusCode = problem.Status;
        var details = problem.Errors is { } errors
            ? new HttpValidationProblemDetails(errors) { Status = problem.Status, Title = problem.Title, Detail = problem.Message }
            : new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}

public sealed class DatabaseHealthCheck(CrmDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            var migrations = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
            return HealthCheckResult.Healthy($"{migrations} migrations applied");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
