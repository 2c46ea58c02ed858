using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Channels;

/// <summary>The admin API for channel settings, on a real host, checking credentials against a fake platform on loopback.</summary>
public sealed class ChannelsAdminTests : IAsyncLifetime
{
    private readonly TestFolder folder = new();
    private readonly LogCapture logs = new();
    private WhoAmIPlatform platform = null!;
    private CrmApp app = null!;

    public async Task InitializeAsync()
    {
        platform = await WhoAmIPlatform.StartAsync();
        app = NewApp();
    }

    /// <summary>What each channel saves to be checked against the fake, what the fake must then see, and what a wrong token gets back.</summary>
    public sealed record Case(string Channel, Func<string, string, SaveChannelSettings> Save, string Path, Func<WhoAmIRequest, string?> Credential,
        string Expected, string DetailOk, string Refusal);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["messenger"] = new("messenger",
            (baseUrl, token) => new() { ApiBaseUrl = baseUrl + "/v23.0", PageAccessToken = token, AppSecret = "messenger-app-secret-1" },
            "/v23.0/me", r => r.Query.GetValueOrDefault("access_token"), WhoAmIPlatform.GoodToken,
            "Page “Acme Support”", "Invalid OAuth access token"),
        ["whatsapp"] = new("whatsapp",
            (baseUrl, token) => new() { ApiBaseUrl = baseUrl + "/v23.0", AccessToken = token, PhoneNumberId = WhoAmIPlatform.PhoneNumberId },
            $"/v23.0/{WhoAmIPlatform.PhoneNumberId}", r => r.Authorization, $"Bearer {WhoAmIPlatform.GoodToken}",
            "+1 555-010-0199", "Invalid OAuth access token"),
        ["sms"] = new("sms",
            (baseUrl, token) => new() { ApiBaseUrl = baseUrl, AccountSid = WhoAmIPlatform.AccountSid, AuthToken = token, FromNumber = "+1 555 867 5310" },
            $"/2010-04-01/Accounts/{WhoAmIPlatform.AccountSid}.json", r => r.Authorization,
            "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{WhoAmIPlatform.AccountSid}:{WhoAmIPlatform.GoodToken}")),
            "account “Acme SMS” (active)", "Authenticate (code 20003)"),
        ["x"] = new("x",
            (baseUrl, token) => new() { ApiBaseUrl = baseUrl, BearerToken = token, ConsumerSecret = "x-consumer-secret-1" },
            "/2/users/me", r => r.Authorization, $"Bearer {WhoAmIPlatform.GoodToken}",
            "@acme_help", "Unauthorized"),
    };

    public static TheoryData<string> Channels => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task A_check_calls_the_platforms_who_am_I_endpoint_at_ApiBaseUrl_with_the_saved_credentials(string channel)
    {
        var c = Cases[channel];
        using var admin = await app.SignInAsync("admin");
        await SaveAsync(admin, channel, c.Save(platform.BaseUrl, WhoAmIPlatform.GoodToken));

        var result = await CheckAsync(admin, channel);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(200, result.Status);
        Assert.Contains(c.DetailOk, result.Detail);
        var seen = Assert.Single(platform.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal(c.Path, seen.Path);
        Assert.Equal(c.Expected, c.Credential(seen));
        Assert.Equal($"GET {platform.BaseUrl}{c.Path}", result.Request); // shown without the query string, so without the Messenger token
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task A_wrong_token_is_ok_false_with_the_platforms_own_message(string channel)
    {
        var c = Cases[channel];
        using var admin = await app.SignInAsync("admin");
        await SaveAsync(admin, channel, c.Save(platform.BaseUrl, "wrong-token-0451"));

        var result = await CheckAsync(admin, channel);

        Assert.False(result.Ok);
        Assert.Equal(401, result.Status);
        Assert.Contains(c.Refusal, result.Detail);
        Assert.Contains("refused the credentials", result.Detail);
        Assert.Single(platform.Requests);
    }

    [Fact]
    public async Task Secrets_are_write_only_never_in_GET_the_database_the_audit_log_or_the_logs()
    {
        using var admin = await app.SignInAsync("admin");
        const string appSecret = "wa-app-secret-7d1f", verifyToken = "wa-verify-token-19c2", accessToken = WhoAmIPlatform.GoodToken;

        var saved = await SaveAsync(admin, "whatsapp", new SaveChannelSettings
        {
            AppSecret = appSecret, VerifyToken = verifyToken, AccessToken = accessToken, PhoneNumberId = WhoAmIPlatform.PhoneNumberId,
            ApiBaseUrl = platform.BaseUrl + "/v23.0",
        });
        Assert.True((await CheckAsync(admin, "whatsapp")).Ok);
        await SaveAsync(admin, "messenger", new SaveChannelSettings { PageAccessToken = accessToken, ApiBaseUrl = platform.BaseUrl + "/v23.0" });
        Assert.True((await CheckAsync(admin, "messenger")).Ok); // the token travels in the query string here

        var json = await (await admin.RawAsync(HttpMethod.Get, "/api/admin/channels")).Content.ReadAsStringAsync();
        var whatsapp = JsonDocument.Parse(json).RootElement.EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "whatsapp");
        Assert.True(whatsapp.GetProperty("appSecretSet").GetBoolean());
        Assert.True(whatsapp.GetProperty("verifyTokenSet").GetBoolean());
        Assert.True(whatsapp.GetProperty("accessTokenSet").GetBoolean());
        Assert.Equal(WhoAmIPlatform.PhoneNumberId, whatsapp.GetProperty("phoneNumberId").GetString());
        Assert.True(whatsapp.GetProperty("configured").GetBoolean());
        Assert.False(whatsapp.TryGetProperty("appSecret", out _));
        Assert.False(whatsapp.TryGetProperty("accountSid", out _)); // another channel's setting is not there at all
        Assert.True(saved.AccessTokenSet);

        string[] secrets = [appSecret, verifyToken, accessToken];
        var stored = await DatabaseTextAsync();
        Assert.Contains("\"phoneNumberId\":\"" + WhoAmIPlatform.PhoneNumberId, stored); // the audit row is there, with the plain settings
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, json);
            Assert.DoesNotContain(secret, stored);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret));
        }
        Assert.Contains(logs.Lines, line => line.Contains("Credential check of whatsapp"));
        Assert.Contains(logs.Lines, line => line.Contains("/v23.0/me")); // the HTTP client's own log of the Messenger call, query redacted
    }

    [Fact]
    public async Task A_secret_left_out_is_kept_and_an_empty_one_is_cleared()
    {
        using var admin = await app.SignInAsync("admin");
        await SaveAsync(admin, "whatsapp", Cases["whatsapp"].Save(platform.BaseUrl, WhoAmIPlatform.GoodToken));

        var kept = await SaveAsync(admin, "whatsapp", new SaveChannelSettings { PhoneNumberId = "2000000000001", AccessToken = null });
        Assert.True(kept.AccessTokenSet);
        Assert.Equal("2000000000001", kept.PhoneNumberId);
        Assert.True((await CheckAsync(admin, "whatsapp")).Ok);
        Assert.Equal($"Bearer {WhoAmIPlatform.GoodToken}", platform.Requests.Last().Authorization);

        var cleared = await SaveAsync(admin, "whatsapp", new SaveChannelSettings { AccessToken = "" });
        Assert.False(cleared.AccessTokenSet);
        Assert.False(cleared.Configured);
        var check = await CheckAsync(admin, "whatsapp");
        Assert.False(check.Ok);
        Assert.Null(check.Status);
        Assert.Contains("not configured", check.Detail);
        Assert.Contains("access token", check.Detail);
        Assert.Single(platform.Requests); // "not configured" never calls the platform
    }

    [Fact]
    public async Task Bad_settings_get_400_naming_each_field_and_nothing_is_saved()
    {
        using var admin = await app.SignInAsync("admin");
        var before = await ListAsync(admin);

        var (status, problem) = await admin.ProblemAsync(HttpMethod.Put, "/api/admin/channels/sms", new SaveChannelSettings
        {
            ApiBaseUrl = "ftp://api.twilio.com", AccountSid = "12345", FromNumber = "call me", AuthToken = "good-but-not-saved", BearerToken = "x-only",
        });
        var (relative, relativeProblem) = await admin.ProblemAsync(HttpMethod.Put, "/api/admin/channels/whatsapp",
            new SaveChannelSettings { ApiBaseUrl = "graph.facebook.com/v23.0", PhoneNumberId = "+1 555 0100" });
        var (handle, handleProblem) = await admin.ProblemAsync(HttpMethod.Put, "/api/admin/channels/x", new SaveChannelSettings { AccountId = "@acme_help" });
        var (unknown, _) = await admin.ProblemAsync(HttpMethod.Put, "/api/admin/channels/telegram", new SaveChannelSettings { ApiBaseUrl = "https://t.me" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "apiBaseUrl", "accountSid", "fromNumber", "bearerToken" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.False(errors.TryGetProperty("authToken", out _));
        Assert.Contains("absolute http(s) URL", errors.GetProperty("apiBaseUrl")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, relative);
        Assert.True(relativeProblem.GetProperty("errors").TryGetProperty("apiBaseUrl", out _));
        Assert.True(relativeProblem.GetProperty("errors").TryGetProperty("phoneNumberId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, handle);
        Assert.True(handleProblem.GetProperty("errors").TryGetProperty("accountId", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(await ListAsync(admin)));
    }

    [Fact]
    public async Task Saved_settings_are_in_force_at_once_and_after_a_restart()
    {
        const string verifyToken = "verify-me-3141";
        using (var admin = await app.SignInAsync("admin"))
        {
            await SaveAsync(admin, "whatsapp", Cases["whatsapp"].Save(platform.BaseUrl, WhoAmIPlatform.GoodToken));
            await SaveAsync(admin, "whatsapp", new SaveChannelSettings { VerifyToken = verifyToken });
            Assert.Equal("42", await HandshakeAsync(app, verifyToken)); // the webhook answers Meta's handshake with the new token at once
        }
        await app.DisposeAsync();

        app = NewApp();
        using var again = await app.SignInAsync("admin");
        var whatsapp = (await ListAsync(again)).Single(c => c.Channel == "whatsapp");
        Assert.True(whatsapp.AccessTokenSet);
        Assert.True(whatsapp.VerifyTokenSet);
        Assert.Equal(platform.BaseUrl + "/v23.0", whatsapp.ApiBaseUrl);
        Assert.Equal("42", await HandshakeAsync(app, verifyToken));
        Assert.True((await CheckAsync(again, "whatsapp")).Ok);
    }

    [Fact]
    public async Task Saved_settings_go_over_the_configuration_and_an_empty_one_clears_a_configured_value()
    {
        await app.DisposeAsync();
        var configured = new Dictionary<string, string?>
        {
            ["Channels:X:BearerToken"] = WhoAmIPlatform.GoodToken, ["Channels:X:ApiBaseUrl"] = platform.BaseUrl,
            ["Channels:X:ConsumerSecret"] = "configured-consumer-secret",
        };
        app = NewApp(configured);
        using var admin = await app.SignInAsync("admin");

        var x = (await ListAsync(admin)).Single(c => c.Channel == "x");
        Assert.True(x.BearerTokenSet);
        Assert.True(x.ConsumerSecretSet);
        Assert.Equal(platform.BaseUrl, x.ApiBaseUrl);
        Assert.True((await CheckAsync(admin, "x")).Ok); // configuration alone works

        var cleared = await SaveAsync(admin, "x", new SaveChannelSettings { ConsumerSecret = "", ApiBaseUrl = "http://127.0.0.1:9", AccountId = "2244994945" });
        Assert.False(cleared.ConsumerSecretSet);
        Assert.Equal("2244994945", cleared.AccountId);
        Assert.True(cleared.BearerTokenSet);
        var back = await SaveAsync(admin, "x", new SaveChannelSettings { ApiBaseUrl = "" }); // back to the configured one
        Assert.Equal(platform.BaseUrl, back.ApiBaseUrl);
        Assert.Equal(platform.BaseUrl, back.DefaultApiBaseUrl);

        await app.DisposeAsync();
        app = NewApp(configured);
        using var again = await app.SignInAsync("admin");
        Assert.False((await ListAsync(again)).Single(c => c.Channel == "x").ConsumerSecretSet);
    }

    [Fact]
    public async Task Webhook_urls_are_built_on_the_public_base_url()
    {
        using (var admin = await app.SignInAsync("admin"))
        {
            var channels = await ListAsync(admin);
            Assert.Equal(new[] { "messenger", "whatsapp", "sms", "x" }, channels.Select(c => c.Channel));
            Assert.Equal("http://localhost/webhooks/messenger", channels[0].WebhookUrl); // the request's own scheme and host
            Assert.Equal("http://localhost/webhooks/sms/twilio", channels[2].WebhookUrl);
            Assert.All(channels, c => Assert.Equal("{name}: ", c.AgentNamePrefix));
            Assert.All(channels, c => Assert.False(c.Configured));
        }
        await app.DisposeAsync();

        app = NewApp(new Dictionary<string, string?> { ["Crm:PublicBaseUrl"] = "https://crm.example.com/" });
        using var again = await app.SignInAsync("admin");
        var list = await ListAsync(again);
        Assert.Equal("https://crm.example.com/webhooks/whatsapp", list[1].WebhookUrl);
        Assert.Equal("https://crm.example.com/webhooks/x", list[3].WebhookUrl);
        Assert.Equal("https://crm.example.com/webhooks/sms/twilio", list[2].WebhookUrl);
        var sms = await SaveAsync(again, "sms", new SaveChannelSettings { PublicBaseUrl = "https://sms.example.com/" });
        Assert.Equal("https://sms.example.com/webhooks/sms/twilio", sms.WebhookUrl); // Twilio's own PublicBaseUrl wins for SMS
        Assert.Equal("https://sms.example.com", sms.PublicBaseUrl);
    }

    [Fact]
    public async Task Only_admins_see_or_change_channel_settings()
    {
        using var admin = await app.SignInAsync("admin");
        await admin.PostAsync("/api/users", new CreateUser { UserName = "sup1", DisplayName = "Sam Supervisor", Password = "password-123",
            Roles = [Roles.Supervisor, Roles.Agent] });
        using var supervisor = await app.SignInAsync("sup1", "password-123");
        using var stranger = app.Anonymous();

        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Get, "/api/admin/channels")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Put, "/api/admin/channels/x",
            new SaveChannelSettings { BearerToken = "t" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.ProblemAsync(HttpMethod.Post, "/api/admin/channels/x/check", new CheckChannel())).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.ProblemAsync(HttpMethod.Get, "/api/admin/channels")).Status);
        Assert.False((await ListAsync(admin)).Single(c => c.Channel == "x").BearerTokenSet);
    }

    [Fact]
    public async Task An_unreachable_platform_is_ok_false_saying_so()
    {
        using var admin = await app.SignInAsync("admin");
        await SaveAsync(admin, "x", new SaveChannelSettings { BearerToken = "token-for-nowhere", ApiBaseUrl = "http://127.0.0.1:9" });

        var result = await CheckAsync(admin, "x");

        Assert.False(result.Ok);
        Assert.Null(result.Status);
        Assert.Contains("could not be reached at 127.0.0.1:9", result.Detail);
    }

    private CrmApp NewApp(IDictionary<string, string?>? settings = null) =>
        new(folder, settings: settings, services: s => s.AddSingleton<ILoggerProvider>(logs));

    private static async Task<ChannelAdminView> SaveAsync(CrmClient admin, string channel, SaveChannelSettings settings) =>
        await admin.SendAsync<ChannelAdminView>(HttpMethod.Put, $"/api/admin/channels/{channel}", settings);

    private static Task<ChannelCheckResult> CheckAsync(CrmClient admin, string channel) =>
        admin.PostAsync($"/api/admin/channels/{channel}/check", new CheckChannel());

    private static Task<List<ChannelAdminView>> ListAsync(CrmClient admin) => admin.GetAsync<List<ChannelAdminView>>("/api/admin/channels");

    private static async Task<string> HandshakeAsync(CrmApp app, string verifyToken)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={verifyToken}&hub.challenge=42");
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"{(int)response.StatusCode}";
    }

    /// <summary>Every stored settings value and audit detail, as text.</summary>
    private async Task<string> DatabaseTextAsync()
    {
        await using var connection = await folder.OpenDatabaseAsync();
        var settings = await connection.QueryAsync<string>("SELECT value FROM settings");
        var audit = await connection.QueryAsync<string>("SELECT COALESCE(detail, '') FROM audit_log");
        return string.Join("\n", settings.Concat(audit));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await platform.DisposeAsync();
        folder.Dispose();
    }
}

/// <summary>One "who am I" request the fake platform received.</summary>
public sealed record WhoAmIRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization);

/// <summary>
/// Meta's Graph API, Twilio and X answering their "who am I" calls, on a loopback port: 200 with each platform's JSON for
/// <see cref="GoodToken"/>, 401 with each platform's error body for any other credential. Records every request.
/// </summary>
public sealed class WhoAmIPlatform : IAsyncDisposable
{
    public const string GoodToken = "EAAG-good-token-5f2a9c";
    public const string PhoneNumberId = "106540352242922";
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string MetaError =
        """{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"AZx1"}}""";

    private readonly WebApplication app;

    private WhoAmIPlatform(WebApplication app) => this.app = app;

    public ConcurrentQueue<WhoAmIRequest> Requests { get; } = new();
    public string BaseUrl { get; private set; } = "";

    public static async Task<WhoAmIPlatform> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var fake = new WhoAmIPlatform(builder.Build());
        fake.app.Run(fake.AnswerAsync);
        await fake.app.StartAsync();
        fake.BaseUrl = fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var request = new WhoAmIRequest(http.Request.Method, path, http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            http.Request.Headers.Authorization.FirstOrDefault());
        Requests.Enqueue(request);
        var bearer = request.Authorization == $"Bearer {GoodToken}";
        var (status, body) = path switch
        {
            "/v23.0/me" => request.Query.GetValueOrDefault("access_token") == GoodToken
                ? (200, """{"name":"Acme Support","id":"104857600012345"}""") : (401, MetaError),
            $"/v23.0/{PhoneNumberId}" or "/v23.0/2000000000001" => bearer
                ? (200, $$"""{"verified_name":"Acme Support","display_phone_number":"+1 555-010-0199","id":"{{path[7..]}}","quality_rating":"GREEN"}""")
                : (401, MetaError),
            $"/2010-04-01/Accounts/{AccountSid}.json" =>
                request.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{GoodToken}"))
                ? (200, $$"""{"sid":"{{AccountSid}}","friendly_name":"Acme SMS","status":"active","type":"Full"}""")
                : (401, """{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"""),
            "/2/users/me" => bearer
                ? (200, """{"data":{"id":"2244994945","name":"Acme Support","username":"acme_help"}}""")
                : (401, """{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"""),
            _ => (404, """{"error":{"message":"Unknown path","type":"GraphMethodException","code":100}}"""),
        };
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>Every log line the app writes (message and exception), to prove no secret is ever logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
