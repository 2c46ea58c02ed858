using Crm.ServiceInterface.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Crm.Web.Apis;

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(ConfigureAuth.LoginRateLimit)
            .WithSummary("Signs in with a user name and password and sets the session cookie.");
        // A handler taking only HttpContext would be bound as a RequestDelegate and its result dropped: the cast keeps it a route handler.
        auth.MapPost("/logout", (Func<HttpContext, Task<NoContent>>)Logout).AllowAnonymous().WithSummary("Ends the session.");
        auth.MapGet("/me", Me).WithSummary("Who is signed in.");
        return api;
    }

    private static async Task<Ok<CurrentUser>> Login(Login request, AuthServices auth, Crm.ServiceInterface.Routing.AgentsServices agents, HttpContext http)
    {
        var user = await auth.SignInAsync(request, http.RequestAborted);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
        if (user.Roles.Contains(Roles.Agent)) await agents.SignedInAsync(user.Id, http.RequestAborted);
        return TypedResults.Ok(user.ToDto());
    }

    private static async Task<NoContent> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Ok<CurrentUser> Me(HttpContext http) => TypedResults.Ok(http.User.ToCurrentUser());
}
