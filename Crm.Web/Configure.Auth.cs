using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Crm.ServiceInterface.Auth;
using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Crm.Web;

public static class ConfigureAuth
{
    public const string ApiKeyScheme = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    public const string LoginRateLimit = "login";
    private const string SmartScheme = "CookieOrApiKey";
    private const string DisplayNameClaim = "display_name";
    private const string StampClaim = "crm_stamp";

    public static WebApplicationBuilder AddCrmAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Crm:Auth").Get<SignInOptions>() ?? new SignInOptions());
        services.AddSingleton<AuthServices>();
        services.AddSingleton<UsersServices>();
        services.AddSingleton<SessionStamps>();

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = ctx =>
                    ctx.Request.Headers.ContainsKey(ApiKeyHeader) ? ApiKeyScheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "crm.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                // An API answers with a status, never a redirect to a page.
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                // A deactivated user's cookie, or one from before a password reset or a change of roles, stops working at once.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var stamps = ctx.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
                    var stamp = long.TryParse(ctx.Principal?.FindFirstValue(StampClaim), out var s) ? s : 0;
                    if (ctx.Principal is null || await stamps.IsCurrentAsync(ctx.Principal.UserId(), stamp, ctx.HttpContext.RequestAborted)) return;
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);
        services.AddAuthorization();

        // Keys next to the SQLite file, or in PostgreSQL shared by every node, so a restart keeps every sign-in cookie valid.
        services.AddDataProtection().SetApplicationName("CrmSuite");
        services.AddOptions<KeyManagementOptions>().Configure<CrmDbOptions, ILoggerFactory>((o, db, loggers) =>
            o.XmlRepository = db.Provider == SqlDialect.PostgresName ? new DatabaseKeyRepository(db)
                : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(db.DataFolder(), "keys")), loggers));

        var permitsPerMinute = builder.Configuration.GetValue("Crm:Auth:LoginPermitsPerMinute", 20);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static ClaimsPrincipal ToPrincipal(this SignedInUser user, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(DisplayNameClaim, user.DisplayName),
                new Claim(StampClaim, user.Stamp.ToString()),
                .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
            ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static long UserId(this ClaimsPrincipal principal) => long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static CurrentUser ToCurrentUser(this ClaimsPrincipal principal) =>
        new(principal.Identity!.Name!, principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity.Name!,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).Order().ToList());
}

/// <summary>Signs an integration in by its X-Api-Key header, as the user the key belongs to.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthServices auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ConfigureAuth.ApiKeyHeader, out var key) || string.IsNullOrWhiteSpace(key))
            return AuthenticateResult.NoResult();
        var user = await auth.AuthenticateApiKeyAsync(key.ToString(), Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(Scheme.Name), Scheme.Name));
    }
}
