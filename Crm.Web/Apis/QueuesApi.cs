using Crm.ServiceInterface.Admin;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Routing;

namespace Crm.Web.Apis;

public static class QueuesApi
{
    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder api)
    {
        var staff = api.MapGroup("").WithTags("Queues").RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin, Roles.BackOffice));
        staff.MapGet("/queues", Queues).WithSummary("Queues with skills, agents, timers and what waits in them.");
        staff.MapGet("/wrapup-reasons", Reasons).WithSummary("The wrap-up reasons agents pick after a chat.");
        staff.MapGet("/transaction-codes", Codes).WithSummary("The transaction codes (dispositions) agents pick.");
        staff.MapGet("/faq", Faq).WithSummary("FAQ answers agents insert into a chat, in the admins' order; q searches title, text and tags.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<QueueDto>>> Queues(QueuesServices queues, CancellationToken ct) => TypedResults.Ok(await queues.ListAsync(ct));

    private static async Task<Ok<IReadOnlyList<WrapUpReasonDto>>> Reasons(WrapUpCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ReasonsAsync(ct));

    private static async Task<Ok<IReadOnlyList<TransactionCodeDto>>> Codes(WrapUpCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.CodesAsync(ct));

    private static async Task<Ok<IReadOnlyList<FaqAnswerDto>>> Faq(FaqServices faq, string? q, CancellationToken ct) =>
        TypedResults.Ok(await faq.SearchAsync(q, ct));
}
