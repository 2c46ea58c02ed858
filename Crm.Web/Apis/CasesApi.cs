using Crm.ServiceInterface.Cases;

namespace Crm.Web.Apis;

public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.BackOffice, Roles.Supervisor, Roles.Admin));
        cases.MapGet("", List).WithSummary(
            "Cases newest first; filter by status (Open, Closed), orphan (no customer), customerId, queueId, agentId (who saved it), " +
            "from/to (ISO dates or instants) and q (a case number such as CS-002530, or words of the subject or the customer's name).");
        cases.MapGet("/agents", Agents).WithSummary("The agents the cases list filters by (who saved the case), by display name.");
        cases.MapGet("/{id:long}", Get).WithSummary("One case with its transcript, notes, history, wrap-up reasons and transaction codes.");

        // "Agents and back-office staff may assign and close" (8x8 Local CRM).
        var work = cases.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.BackOffice));
        work.MapPost("", Create).WithSummary("Saves a case; without a customer it is an orphan case for back office to assign.");
        work.MapPost("/{id:long}/assign", Assign).WithSummary("Assigns the case to a customer (or moves it to another one).");
        work.MapPost("/{id:long}/close", Close)
            .WithSummary("Closes an open case; {resolution} (up to 2,000 characters) is required for an orphan case and kept in its history.");
        work.MapPost("/{id:long}/reopen", Reopen).WithSummary("Reopens a closed case.");
        work.MapPost("/{id:long}/notes", AddNote).WithSummary("Adds a follow-up note signed by the caller.");

        // The 8x8 "closed case automatic re-opening time limit"; Settings is its own tag so other settings can join it.
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/case-reopen", GetReopenPolicy).WithSummary("When a closed case reopens on a new contact: never, always, or within N days.");
        settings.MapPut("/case-reopen", SetReopenPolicy).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("Sets the closed case automatic re-opening time limit: {mode: never|always|within, days}.");
        return api;
    }

    private static async Task<Ok<Paged<CaseSummary>>> List(string? status, bool? orphan, long? customerId, string? q, int? page, int? pageSize,
        long? queueId, long? agentId, string? from, string? to, CasesServices cases, CancellationToken ct) =>
        TypedResults.Ok(await cases.ListAsync(new CaseQuery(status, orphan, customerId, q, page, pageSize, queueId, agentId, from, to), ct));

    private static async Task<Ok<IReadOnlyList<NamedItem>>> Agents(CasesServices cases, CancellationToken ct) =>
        TypedResults.Ok(await cases.AgentsAsync(ct));

    private static async Task<Ok<CaseDto>> Get(long id, CasesServices cases, CancellationToken ct) =>
        TypedResults.Ok(await cases.GetAsync(id, ct));

    private static async Task<Created<CaseDto>> Create(CreateCase request, CasesServices cases, HttpContext http)
    {
        var created = await cases.CreateAsync(request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/cases/{created.Id}", created);
    }

    private static async Task<Ok<CaseDto>> Assign(long id, AssignCase request, CasesServices cases, HttpContext http) =>
        TypedResults.Ok(await cases.AssignAsync(id, request, http.User.UserId(), http.RequestAborted));

    // The body is optional (a case with a customer closes without a note), so it is read here: a declared body would make a bare POST miss the route.
    private static async Task<Ok<CaseDto>> Close(long id, CasesServices cases, HttpContext http) =>
        TypedResults.Ok(await cases.CloseAsync(id, await OptionalBody.ReadAsync<CloseCase>(http.Request), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<CaseDto>> Reopen(long id, CasesServices cases, HttpContext http) =>
        TypedResults.Ok(await cases.ReopenAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Created<CaseDto>> AddNote(long id, AddCaseNote request, CasesServices cases, HttpContext http)
    {
        var updated = await cases.AddNoteAsync(id, request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/cases/{id}", updated);
    }

    private static async Task<Ok<CaseReopenPolicy>> GetReopenPolicy(CasesServices cases, CancellationToken ct) =>
        TypedResults.Ok(await cases.GetReopenPolicyAsync(ct));

    private static async Task<Ok<CaseReopenPolicy>> SetReopenPolicy(CaseReopenPolicy request, CasesServices cases, HttpContext http) =>
        TypedResults.Ok(await cases.SetReopenPolicyAsync(request, http.User.UserId(), http.RequestAborted));
}
