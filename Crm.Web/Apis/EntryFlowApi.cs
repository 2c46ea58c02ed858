using Crm.ServiceInterface.EntryFlow;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Apis;

/// <summary>Admin pages "Entry points", "Business hours", "Special days" and the emergency switches.</summary>
public static class EntryFlowApi
{
    public static RouteGroupBuilder MapEntryFlowApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Entry flow").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("/entry-points", ListEntryPoints).WithSummary("Which queue each channel (and page, number or X account) feeds, and what runs before it.");
        admin.MapPost("/entry-points", CreateEntryPoint).WithSummary("Adds an entry point; live at once.");
        admin.MapPut("/entry-points/{id:long}", UpdateEntryPoint).WithSummary("Changes an entry point; a bot secret left empty is kept.");
        admin.MapDelete("/entry-points/{id:long}", RetireEntryPoint).WithSummary("Retires an entry point: its channel falls back to the configured queue.");

        admin.MapGet("/business-hours", ListHours).WithSummary("Business hours: weekly opening slots in an IANA time zone, and whether each is open now.");
        admin.MapPost("/business-hours", CreateHours).WithSummary("Adds business hours (split shifts and overnight slots allowed).");
        admin.MapPut("/business-hours/{id:long}", UpdateHours).WithSummary("Changes business hours; waiting conversations are looked at again at once.");
        admin.MapDelete("/business-hours/{id:long}", RetireHours).WithSummary("Retires business hours no entry point uses.");

        admin.MapGet("/special-days", ListSpecialDays).WithSummary("Holidays and days with changed hours, each with its own message.");
        admin.MapPost("/special-days", CreateSpecialDay).WithSummary("Adds a special day (closed, or changed hours; optionally every year).");
        admin.MapPut("/special-days/{id:long}", UpdateSpecialDay).WithSummary("Changes a special day.");
        admin.MapDelete("/special-days/{id:long}", RetireSpecialDay).WithSummary("Retires a special day.");

        admin.MapGet("/emergency", ListEmergencies).WithSummary("The emergency switches: one for every entry point, and each entry point's own.");
        admin.MapPut("/emergency", SetEmergency)
            .WithSummary("Turns an emergency on or off, with its message; holdRouting keeps conversations waiting until it is off.");

        var supervisors = api.MapGroup("/monitor").WithTags("Monitor").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        supervisors.MapGet("/held", ListHeld).WithSummary("The chats the entry flow holds before their queue: why, since and until when.");
        supervisors.MapPost("/held/{id:long}/route-now", RouteNow).WithSummary("Sends one held chat to its queue at once (audited).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<HeldChatDto>>> ListHeld(HeldChats held, CancellationToken ct) => TypedResults.Ok(await held.ListAsync(ct));

    private static async Task<NoContent> RouteNow(long id, HeldChats held, HttpContext http)
    {
        await held.RouteNowAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<EntryPointDto>>> ListEntryPoints(EntryPointsAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(ct));

    private static async Task<Created<EntryPointDto>> CreateEntryPoint([FromBody] SaveEntryPoint? request, EntryPointsAdmin admin, HttpContext http)
    {
        var saved = await admin.SaveAsync(null, request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/entry-points/{saved.Id}", saved);
    }

    private static async Task<Ok<EntryPointDto>> UpdateEntryPoint(long id, [FromBody] SaveEntryPoint? request, EntryPointsAdmin admin, HttpContext http) =>
        TypedResults.Ok(await admin.SaveAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> RetireEntryPoint(long id, EntryPointsAdmin admin, HttpContext http)
    {
        await admin.RetireAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<BusinessHoursDto>>> ListHours(BusinessHoursAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(ct));

    private static async Task<Created<BusinessHoursDto>> CreateHours([FromBody] SaveBusinessHours? request, BusinessHoursAdmin admin, HttpContext http)
    {
        var saved = await admin.SaveAsync(null, request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/business-hours/{saved.Id}", saved);
    }

    private static async Task<Ok<BusinessHoursDto>> UpdateHours(long id, [FromBody] SaveBusinessHours? request, BusinessHoursAdmin admin, HttpContext http) =>
        TypedResults.Ok(await admin.SaveAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> RetireHours(long id, BusinessHoursAdmin admin, HttpContext http)
    {
        await admin.RetireAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<SpecialDayDto>>> ListSpecialDays(BusinessHoursAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.SpecialDaysAsync(ct));

    private static async Task<Created<SpecialDayDto>> CreateSpecialDay([FromBody] SaveSpecialDay? request, BusinessHoursAdmin admin, HttpContext http)
    {
        var saved = await admin.SaveSpecialDayAsync(null, request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/special-days/{saved.Id}", saved);
    }

    private static async Task<Ok<SpecialDayDto>> UpdateSpecialDay(long id, [FromBody] SaveSpecialDay? request, BusinessHoursAdmin admin, HttpContext http) =>
        TypedResults.Ok(await admin.SaveSpecialDayAsync(id, request, http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> RetireSpecialDay(long id, BusinessHoursAdmin admin, HttpContext http)
    {
        await admin.RetireSpecialDayAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<EmergencyDto>>> ListEmergencies(EntryPointsAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.EmergenciesAsync(ct));

    private static async Task<Ok<EmergencyDto>> SetEmergency([FromBody] SetEmergency? request, EntryPointsAdmin admin, HttpContext http) =>
        TypedResults.Ok(await admin.SetEmergencyAsync(request, http.User.UserId(), http.RequestAborted));
}
