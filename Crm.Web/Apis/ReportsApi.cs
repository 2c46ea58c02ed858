using Crm.ServiceInterface.Reports;

namespace Crm.Web.Apis;

/// <summary>Reports for supervisors: each chart's figures, the conversations behind a figure, each as JSON or CSV (format=csv).</summary>
public static class ReportsApi
{
    private const string Filters = " Filters: from, to (ISO 8601 dates, read in tz, or instants), tz (IANA, default the server's), queue, agent (ids), " +
        "channel, groupBy=day|hour; format=csv for the CSV.";

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        Document<VolumeReportDto>(reports.MapGet("/volume", Volume), "Conversations received, answered, abandoned and transferred, per day or hour.", Filters);
        Document<SpeedReportDto>(reports.MapGet("/speed", Speed),
            "Wait, first response, handle and post-processing time: average and 90th percentile, per day or hour.", Filters);
        Document<WrapUpReportDto>(reports.MapGet("/wrapup", WrapUp), "Wrap-up reasons and transaction codes: conversations and shares.", Filters);
        Document<AgentsReportDto>(reports.MapGet("/agents", Agents), "Per agent: chats handled, average handle time, time in each state, occupancy.", Filters);
        Document<ServiceLevelReportDto>(reports.MapGet("/service-level", ServiceLevel),
            "Per queue: answered within its threshold, of those answered or abandoned.", Filters);
        Document<ReportConversationsDto>(reports.MapGet("/conversations", Conversations), "The conversations behind a figure: the filters plus bucket, " +
            "measure=received|answered|abandoned|transferred|answered-in-time|answered-late, reason, code; the first 500 (the CSV has all).");
        return api;
    }

    /// <summary>Each report answers JSON, or with format=csv the same figures as CSV.</summary>
    private static void Document<T>(RouteHandlerBuilder route, string summary, string filters = "") =>
        route.Produces<T>(200, "application/json", "text/csv").WithSummary(summary + filters);

    private static async Task<IResult> Volume([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http) =>
        Answer(await reports.VolumeAsync(reports.Filter(query), http.RequestAborted), format, "volume", ReportCsv.Volume, http);

    private static async Task<IResult> Speed([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http) =>
        Answer(await reports.SpeedAsync(reports.Filter(query), http.RequestAborted), format, "speed", ReportCsv.Speed, http);

    private static async Task<IResult> WrapUp([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http) =>
        Answer(await reports.WrapUpAsync(reports.Filter(query), http.RequestAborted), format, "wrapup", ReportCsv.WrapUp, http);

    private static async Task<IResult> Agents([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http) =>
        Answer(await reports.AgentsAsync(reports.Filter(query), http.RequestAborted), format, "agents", ReportCsv.Agents, http);

    private static async Task<IResult> ServiceLevel([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http) =>
        Answer(await reports.ServiceLevelAsync(reports.Filter(query), http.RequestAborted), format, "service-level", ReportCsv.ServiceLevel, http);

    private static async Task<IResult> Conversations([AsParameters] ReportQuery query, string? format, ReportsServices reports, HttpContext http)
    {
        var (list, all) = await reports.ConversationsAsync(reports.Filter(query), whole: CheckFormat(format), http.RequestAborted);
        return Answer(list, format, "conversations", _ => ReportCsv.Conversations(list.Scope, all), http);
    }

    private static IResult Answer<T>(T report, string? format, string name, Func<T, string> csv, HttpContext http)
    {
        if (!CheckFormat(format)) return TypedResults.Ok(report);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"report-{name}.csv\"";
        return TypedResults.Text(csv(report), "text/csv; charset=utf-8");
    }

    /// <summary>True for CSV, false for JSON; anything else is refused in words.</summary>
    private static bool CheckFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => false,
        "csv" => true,
        _ => throw Problem.Invalid("format", "The format is csv, or leave it out for JSON."),
    };
}
