using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Web;

/// <summary>Faults (issue 16): a full or read-only database answers 503 with Retry-After and shows on /healthz until writes succeed again.</summary>
public static class ConfigureFaults
{
    public static WebApplicationBuilder AddCrmFaults(this WebApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<StorageProblemHandler>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }
}

/// <summary>
/// A write the database could not store (or a database it cannot open) is 503 with Retry-After, never 500 and never 200: a platform
/// delivers the webhook again later, a person's form says to try again, and nothing was stored half-way.
/// </summary>
public sealed class StorageProblemHandler(IProblemDetailsService problems, TimeProvider time) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var storage = StorageProblem.Of(exception, now)
            ?? (exception.GetBaseException() is System.Data.Common.DbException inner ? StorageProblem.Of(inner, now) : null);
        if (storage is not { } problem)
            return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = DatabaseUnavailableException.RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context, Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "The database cannot store anything right now",
                Detail = $"{problem.Description} Nothing of this request was stored; try again in {DatabaseUnavailableException.RetryAfterSeconds} seconds.",
            },
        });
    }
}

/// <summary>Says what is wrong while writes fail, and (at most once a second) tries a small write so it clears by itself when space returns.</summary>
public sealed class StorageHealthCheck(CrmDb db, TimeProvider time) : IHealthCheck
{
    private static long lastProbe;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (db.WriteProblem is null) return HealthCheckResult.Healthy("Writes succeed.");
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastProbe);
        if (time.GetElapsedTime(last, now) >= TimeSpan.FromSeconds(1) && Interlocked.CompareExchange(ref lastProbe, now, last) == last)
        {
            try { await db.ProbeWriteAsync(ct); }
            catch (Exception) { /* still failing: the problem stays as recorded */ }
        }
        return db.WriteProblem is { } problem
            ? HealthCheckResult.Unhealthy($"{problem.Description} Since {problem.Since:yyyy-MM-dd HH:mm:ss} UTC; webhooks get 503 with Retry-After meanwhile.",
                data: new Dictionary<string, object> { ["problem"] = problem.Kind })
            : HealthCheckResult.Healthy("Writes succeed again.");
    }
}
