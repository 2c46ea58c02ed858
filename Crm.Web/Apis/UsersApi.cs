using Crm.ServiceInterface.Auth;

namespace Crm.Web.Apis;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").WithTags("Users").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("/users", List).WithSummary("Every user with their roles.");
        admin.MapPost("/users", Create).WithSummary("Creates a user with one or more roles.");
        admin.MapPut("/users/{id:long}", Update).WithSummary("Display name, e-mail and roles; a change of roles ends the user's sessions.");
        admin.MapPost("/users/{id:long}/reset-password", ResetPassword).WithSummary("Sets a new password, unlocks the account and ends the user's sessions.");
        admin.MapPost("/users/{id:long}/unlock", (long id, UsersServices users, HttpContext http) => Account(users.UnlockAsync, id, http))
            .WithSummary("Unlocks an account locked after failed sign-ins.");
        admin.MapPost("/users/{id:long}/deactivate", (long id, UsersServices users, HttpContext http) => Account(users.DeactivateAsync, id, http))
            .WithSummary("The user cannot sign in; their sessions and API keys stop at once; their history stays.");
        admin.MapPost("/users/{id:long}/activate", (long id, UsersServices users, HttpContext http) => Account(users.ActivateAsync, id, http))
            .WithSummary("Lets a deactivated user sign in again.");
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

    private static async Task<Ok<UserDto>> Update(long id, UpdateUser? request, UsersServices users, HttpContext http) =>
        TypedResults.Ok(await users.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<UserDto>> ResetPassword(long id, ResetPassword? request, UsersServices users, HttpContext http) =>
        TypedResults.Ok(await users.ResetPasswordAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<UserDto>> Account(Func<long, long, CancellationToken, Task<UserDto>> change, long id, HttpContext http) =>
        TypedResults.Ok(await change(id, http.User.UserId(), http.RequestAborted));

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
