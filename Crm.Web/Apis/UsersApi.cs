using Crm.ServiceInterface.Auth;

namespace Crm.Web.Apis;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").WithTags("Users").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("/users", List).WithSummary("Every user with their roles.");
        admin.MapPost("/users", Create).WithSummary("Creates a user with one or more roles.");
        admin.MapGet("/users/{id:long}/api-keys", ListApiKeys).WithSummary("The user's API keys (never the keys themselves).");
        admin.MapPost("/users/{id:long}/api-keys", CreateApiKey).WithSummary("Creates an API key acting as the user; the key is shown only in this answer.");
        admin.MapDelete("/api-keys/{id:long}", RevokeApiKey).WithSummary("Revokes an API key.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<UserDto>>> List(UsersServices users, CancellationToken ct) =>
        TypedResults.Ok(await users.ListAsync(ct));

    private static async Task<Created<UserDto>> Create(CreateUser request, UsersServices users, HttpContext http)
    {
        var user = await users.CreateAsync(request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/users/{user.Id}", user);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyDto>>> ListApiKeys(long id, UsersServices users, CancellationToken ct) =>
        TypedResults.Ok(await users.ListApiKeysAsync(id, ct));

    private static async Task<Created<ApiKeyCreated>> CreateApiKey(long id, CreateApiKey request, UsersServices users, HttpContext http)
    {
        var key = await users.CreateApiKeyAsync(id, request, http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/users/{id}/api-keys", key);
    }

    private static async Task<NoContent> RevokeApiKey(long id, UsersServices users, HttpContext http)
    {
        await users.RevokeApiKeyAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }
}
