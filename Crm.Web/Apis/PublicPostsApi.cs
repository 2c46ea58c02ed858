using Crm.ServiceInterface.Channels;

namespace Crm.Web.Apis;

public static class PublicPostsApi
{
    public static RouteGroupBuilder MapPublicPostsApi(this RouteGroupBuilder api)
    {
        var filters = api.MapGroup("/admin/keyword-filters").WithTags("Channels").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        filters.MapGet("", List).WithSummary("Keyword filters for public posts: route, ignore or auto-reply; the first match decides.");
        filters.MapPost("", Add).WithSummary("Adds a keyword filter.");
        filters.MapDelete("/{id:long}", Delete).WithSummary("Removes a keyword filter.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<KeywordFilterDto>>> List(PublicPosts posts, CancellationToken ct) =>
        TypedResults.Ok(await posts.FiltersAsync(ct));

    private static async Task<Created<KeywordFilterDto>> Add(SaveKeywordFilter request, PublicPosts posts, HttpContext http)
    {
        var filter = await posts.AddFilterAsync(request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/keyword-filters/{filter.Id}", filter);
    }

    private static async Task<NoContent> Delete(long id, PublicPosts posts, HttpContext http)
    {
        await posts.DeleteFilterAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }
}
