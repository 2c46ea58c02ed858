using Crm.ServiceInterface.Admin;

namespace Crm.Web.Apis;

/// <summary>/api/admin/...: queues, skills, agents' profiles and the catalogs agents pick from. GET lists, POST creates, PUT edits, DELETE retires.</summary>
public static class AdministrationApi
{
    public static RouteGroupBuilder MapAdministrationApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Administration").RequireAuthorization(p => p.RequireRole(Roles.Admin));

        var queues = admin.MapGroup("/queues");
        queues.MapGet("", Queues).WithSummary("Every queue, retired ones last, with skills, members, timers and wrap-up settings.");
        queues.MapPost("", CreateQueue).WithSummary("Creates a queue; it takes chats as soon as it has members.");
        queues.MapPut("/{id:long}", UpdateQueue).WithSummary("Changes a queue; live for routing at once.");
        queues.MapDelete("/{id:long}", RetireQueue).WithSummary("Retires a queue with no open chats: no new chats; its history keeps its name.");

        var skills = admin.MapGroup("/skills");
        skills.MapGet("", Skills).WithSummary("Every skill, retired ones last.");
        skills.MapPost("", CreateSkill).WithSummary("Creates a skill.");
        skills.MapPut("/{id:long}", UpdateSkill).WithSummary("Renames a skill.");
        skills.MapDelete("/{id:long}", RetireSkill).WithSummary("Retires a skill no queue requires.");

        var agents = admin.MapGroup("/agents");
        agents.MapGet("", Agents).WithSummary("Every user with the Agent role and their routing profile.");
        agents.MapPut("/{id:long}", UpdateAgent)
            .WithSummary("Capacity (1 to 6), reject permission, skills, queues and reject policy (OnBreak, RONA or the default).");

        foreach (var catalog in Catalog.All) MapCatalog(admin, catalog);

        var faq = admin.MapGroup("/faq");
        faq.MapGet("", Faq).WithSummary("Every FAQ answer in the desktop's order, retired ones last.");
        faq.MapPost("", CreateFaq).WithSummary("Creates an FAQ answer: title, text, tags, queues.");
        faq.MapPut("/{id:long}", UpdateFaq).WithSummary("Changes an FAQ answer.");
        faq.MapDelete("/{id:long}", RetireFaq).WithSummary("Retires an FAQ answer: no longer offered on the desktop.");
        faq.MapPost("/reorder", ReorderFaq).WithSummary("Sets the order agents see the answers in: their ids, first to last.");
        return api;
    }

    private static void MapCatalog(RouteGroupBuilder admin, Catalog catalog)
    {
        var group = admin.MapGroup("/" + catalog.Route);
        group.MapGet("", (CatalogServices s, CancellationToken ct) => List(s, catalog, ct)).WithSummary($"Every {catalog.Label} in order, retired ones last.");
        group.MapPost("", (SaveCatalogItem? request, CatalogServices s, HttpContext http) => Create(s, catalog, request, http))
            .WithSummary($"Creates a {catalog.Label}, last in the order.");
        group.MapPut("/{id:long}", (long id, SaveCatalogItem? request, CatalogServices s, HttpContext http) => Update(s, catalog, id, request, http))
            .WithSummary($"Changes a {catalog.Label}.");
        group.MapDelete("/{id:long}", (long id, CatalogServices s, HttpContext http) => Retire(s, catalog, id, http))
            .WithSummary($"Retires a {catalog.Label}: no longer offered, still shown on old cases and reports.");
        group.MapPost("/reorder", (ReorderCatalog? request, CatalogServices s, HttpContext http) => Reorder(s, catalog, request, http))
            .WithSummary($"Sets the order of the {catalog.Label}s: their ids, first to last.");
    }

    private static async Task<Ok<IReadOnlyList<AdminQueueDto>>> Queues(QueueAdminServices queues, CancellationToken ct) =>
        TypedResults.Ok(await queues.ListAsync(ct));

    private static async Task<Created<AdminQueueDto>> CreateQueue(SaveQueue? request, QueueAdminServices queues, HttpContext http)
    {
        var queue = await queues.CreateAsync(request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/queues/{queue.Id}", queue);
    }

    private static async Task<Ok<AdminQueueDto>> UpdateQueue(long id, SaveQueue? request, QueueAdminServices queues, HttpContext http) =>
        TypedResults.Ok(await queues.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<AdminQueueDto>> RetireQueue(long id, QueueAdminServices queues, HttpContext http) =>
        TypedResults.Ok(await queues.RetireAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<SkillDto>>> Skills(QueueAdminServices queues, CancellationToken ct) =>
        TypedResults.Ok(await queues.SkillsAsync(ct));

    private static async Task<Created<SkillDto>> CreateSkill(SaveSkill? request, QueueAdminServices queues, HttpContext http)
    {
        var skill = await queues.CreateSkillAsync(request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/skills/{skill.Id}", skill);
    }

    private static async Task<Ok<SkillDto>> UpdateSkill(long id, SaveSkill? request, QueueAdminServices queues, HttpContext http) =>
        TypedResults.Ok(await queues.UpdateSkillAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<SkillDto>> RetireSkill(long id, QueueAdminServices queues, HttpContext http) =>
        TypedResults.Ok(await queues.RetireSkillAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<AdminAgentDto>>> Agents(AgentProfilesServices agents, CancellationToken ct) =>
        TypedResults.Ok(await agents.ListAsync(ct));

    private static async Task<Ok<AdminAgentDto>> UpdateAgent(long id, SaveAgentProfile? request, AgentProfilesServices agents, HttpContext http) =>
        TypedResults.Ok(await agents.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<CatalogItemDto>>> List(CatalogServices catalogs, Catalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalogs.ListAsync(catalog, ct));

    private static async Task<Created<CatalogItemDto>> Create(CatalogServices catalogs, Catalog catalog, SaveCatalogItem? request, HttpContext http)
    {
        var item = await catalogs.CreateAsync(catalog, request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/{catalog.Route}/{item.Id}", item);
    }

    private static async Task<Ok<CatalogItemDto>> Update(CatalogServices catalogs, Catalog catalog, long id, SaveCatalogItem? request, HttpContext http) =>
        TypedResults.Ok(await catalogs.UpdateAsync(catalog, id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<CatalogItemDto>> Retire(CatalogServices catalogs, Catalog catalog, long id, HttpContext http) =>
        TypedResults.Ok(await catalogs.RetireAsync(catalog, id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<CatalogItemDto>>> Reorder(CatalogServices catalogs, Catalog catalog, ReorderCatalog? request,
        HttpContext http) =>
        TypedResults.Ok(await catalogs.ReorderAsync(catalog, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<AdminFaqDto>>> Faq(FaqServices faq, CancellationToken ct) => TypedResults.Ok(await faq.ListAsync(ct));

    private static async Task<Created<AdminFaqDto>> CreateFaq(SaveFaqAnswer? request, FaqServices faq, HttpContext http)
    {
        var answer = await faq.CreateAsync(request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/faq/{answer.Id}", answer);
    }

    private static async Task<Ok<AdminFaqDto>> UpdateFaq(long id, SaveFaqAnswer? request, FaqServices faq, HttpContext http) =>
        TypedResults.Ok(await faq.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<AdminFaqDto>> RetireFaq(long id, FaqServices faq, HttpContext http) =>
        TypedResults.Ok(await faq.RetireAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<AdminFaqDto>>> ReorderFaq(ReorderCatalog? request, FaqServices faq, HttpContext http) =>
        TypedResults.Ok(await faq.ReorderAsync(request ?? new(), http.User.UserId(), http.RequestAborted));
}
