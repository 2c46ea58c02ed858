using Crm.ServiceInterface.Supervision;

namespace Crm.Web.Apis;

public static class ChatSupervisionApi
{
    public static RouteGroupBuilder MapChatSupervisionApi(this RouteGroupBuilder api)
    {
        var supervisors = api.MapGroup("").WithTags("Supervision").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        supervisors.MapGet("/supervision/chats", InProgress)
            .WithSummary("Chats in progress (Offered or Active): agent, customer, channel, queue, since, supervisors.");
        supervisors.MapPost("/conversations/{id:long}/monitor", Monitor).WithSummary("Silent monitor: you follow the chat live; the customer sees nothing.");
        supervisors.MapPost("/conversations/{id:long}/whisper", Whisper).WithSummary("Coaching: a message only the chat's agents and supervisors see.");
        supervisors.MapPost("/conversations/{id:long}/barge", Barge).WithSummary("Barge-in: you join visibly and can write to the customer.");
        supervisors.MapPost("/conversations/{id:long}/take-over", TakeOver).WithSummary("You become the owner; the agent goes to wrap-up for the chat.");
        supervisors.MapPost("/conversations/{id:long}/leave", Leave).WithSummary("You leave the chat (the customer is told if you had joined).");

        api.MapGet("/conversations/{id:long}/supervision", Get).WithTags("Supervision")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin))
            .WithSummary("Who supervises the chat now; agents are not told of a silent monitor when Crm:Supervision:ShowMonitorIndicator is false.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ChatInProgress>>> InProgress(ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.InProgressAsync(http.RequestAborted));

    private static async Task<Ok<ChatSupervisionDto>> Monitor(long id, ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.MonitorAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<MessageDto>> Whisper(long id, WhisperToAgent request, ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.WhisperAsync(id, http.User.UserId(), request, http.RequestAborted));

    private static async Task<Ok<ChatSupervisionDto>> Barge(long id, ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.BargeAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ChatSupervisionDto>> TakeOver(long id, ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.TakeOverAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ChatSupervisionDto>> Leave(long id, ChatSupervisionServices supervision, HttpContext http) =>
        TypedResults.Ok(await supervision.LeaveAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ChatSupervisionDto>> Get(long id, ChatSupervisionServices supervision, HttpContext http)
    {
        var seesAll = http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin);
        return TypedResults.Ok(await supervision.GetAsync(id, http.User.UserId(), seesAll, http.RequestAborted));
    }
}
