using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Channels;

/// <summary>Crm:PublicBaseUrl: the scheme and host the platforms reach the app on ("https://crm.example.com").</summary>
public sealed class ChannelSettingsOptions
{
    /// <summary>Webhook URLs are built on it; unset, on the scheme and host of the admin's own request.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// What admins do with the social channels' settings. Saved settings live in the settings table (key "channels") over the
/// "Channels" configuration: per channel, only the settings an admin changed, secrets encrypted with Data Protection (so the
/// audit row SettingsStore writes never holds one). Every save, and the start-up, puts the result in force in
/// <see cref="ChannelRegistry"/>.
/// </summary>
public sealed class ChannelSettingsServices(
    CrmDb db,
    ChannelRegistry registry,
    ChannelsOptions configured,
    ChannelSettingsOptions options,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    TimeProvider time,
    ClusterBus cluster,
    ILogger<ChannelSettingsServices> logger)
{
    public const string SettingKey = "channels";
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);
    private const int MaxErrorExcerpt = 300;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDataProtector secrets = protection.CreateProtector("Crm.Channels.Settings.Secrets");
    private readonly SemaphoreSlim applying = new(1, 1);

    /// <summary>The settings in force as an admin set them (configuration + saved), before start-up defaults are folded in.</summary>
    private volatile ChannelsOptions inForce = Clone(configured);

    public IReadOnlyList<ChannelAdminView> List(string requestBaseUrl) =>
        ChannelSettingsCatalog.All.Select(d => View(d, inForce, requestBaseUrl)).ToList();

    public async Task<ChannelAdminView> SaveAsync(string channel, SaveChannelSettings request, string requestBaseUrl, long? actorId,
        CancellationToken ct = default)
    {
        var definition = ChannelSettingsCatalog.Find(channel);
        var changes = ChannelSettingsCatalog.Changes(definition, request);
        if (changes.Count > 0)
        {
            await db.InTransactionAsync(async (connection, tx) =>
            {
                var saved = Normalize(await SettingsStore.GetAsync<Dictionary<string, Dictionary<string, string>>>(connection, tx, SettingKey));
                var mine = saved.GetValueOrDefault(definition.Channel) ?? new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in changes)
                {
                    if (value is null) mine.Remove(name);
                    else mine[name] = definition.Setting(name)!.Kind == ChannelSettingKind.Secret && value.Length > 0 ? secrets.Protect(value) : value;
                }
                if (mine.Count > 0) saved[definition.Channel] = mine;
                else saved.Remove(definition.Channel);
                await SettingsStore.SetAsync(connection, tx, SettingKey, saved, actorId, time.NowMs());
            }, ct);
            logger.LogInformation("{Channel} settings changed by user {UserId}: {Settings}", definition.Channel, actorId, string.Join(", ", changes.Keys));
            await cluster.PublishAsync(ClusterSignal.Settings); // the other nodes put the same settings in force
        }
        await ApplyAsync(ct);
        return View(definition, inForce, requestBaseUrl);
    }

    /// <summary>
    /// Calls the platform's "who am I" endpoint at ApiBaseUrl with the credentials in force. A refusal is an answer, not an
    /// error: ok false with the platform's own message.
    /// </summary>
    public async Task<ChannelCheckResult> CheckAsync(string channel, CancellationToken ct = default)
    {
        var definition = ChannelSettingsCatalog.Find(channel);
        var probe = definition.Probe(registry.Options);
        if (probe.Request is not { } request)
            return new ChannelCheckResult(false, null, $"{definition.Label} is not configured: set {probe.Missing} first.", null);

        using var _ = request;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        var started = Stopwatch.GetTimestamp();
        ChannelCheckResult result;
        try
        {
            using var response = await http.CreateClient(ChannelOutbox.HttpClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var (ok, detail) = ReadSuccess(probe, body);
                result = new ChannelCheckResult(ok, status, detail, probe.Display);
            }
            else
            {
                var said = CredentialProbe.ErrorText(body) ?? Excerpt(body) ?? response.ReasonPhrase ?? "no reason given";
                result = new ChannelCheckResult(false, status, $"{definition.Platform} refused the credentials ({status}): {said}", probe.Display);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"no answer within {CheckTimeout.TotalSeconds:0} seconds" : ex.Message;
            var unreachable = $"{definition.Platform} could not be reached at {request.RequestUri?.Authority}: {why}";
            result = new ChannelCheckResult(false, null, unreachable, probe.Display);
        }
        result = result with { Detail = Redact(result.Detail, probe.Secrets) };
        logger.LogInformation("Credential check of {Channel} ({Request}): {Outcome} {Status} in {Elapsed} ms",
            definition.Channel, probe.Display, result.Ok ? "ok" : "failed", result.Status, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// Reads the saved settings and puts configuration + saved settings in force (start-up, and after each save). Serialised
    /// and always from the database, so the last one to run leaves the latest committed settings in force.
    /// </summary>
    public async Task ApplyAsync(CancellationToken ct = default)
    {
        await applying.WaitAsync(ct);
        try
        {
            Dictionary<string, Dictionary<string, string>>? saved;
            await using (var connection = await db.OpenAsync(ct))
                saved = await SettingsStore.GetAsync<Dictionary<string, Dictionary<string, string>>>(connection, null, SettingKey);
            var composed = Compose(Normalize(saved));
            inForce = composed;
            registry.Replace(WithDefaults(composed));
        }
        finally
        {
            applying.Release();
        }
    }

    /// <summary>The configuration with the saved settings over it; a saved "" clears a configured value.</summary>
    private ChannelsOptions Compose(Dictionary<string, Dictionary<string, string>> saved)
    {
        var composed = Clone(configured);
        foreach (var definition in ChannelSettingsCatalog.All)
        {
            if (!saved.TryGetValue(definition.Channel, out var values)) continue;
            foreach (var (name, value) in values)
            {
                if (definition.Setting(name) is not { } setting) continue; // a setting that no longer exists
                var plain = setting.Kind == ChannelSettingKind.Secret && value.Length > 0 ? Unprotect(definition, name, value) : value;
                setting.Write(composed, string.IsNullOrEmpty(plain) ? null : plain);
            }
        }
        return composed;
    }

    /// <summary>
    /// What the adapters get: Twilio signs the URL it calls, so without a PublicBaseUrl of its own it verifies against (and asks
    /// for status callbacks at) Crm:PublicBaseUrl, the base of the webhook URL this page tells the admin to paste.
    /// </summary>
    private ChannelsOptions WithDefaults(ChannelsOptions composed)
    {
        var adapters = Clone(composed);
        if (string.IsNullOrWhiteSpace(adapters.Twilio.PublicBaseUrl) && !string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            adapters.Twilio.PublicBaseUrl = options.PublicBaseUrl.TrimEnd('/');
        return adapters;
    }

    private string? Unprotect(ChannelDefinition definition, string name, string value)
    {
        try
        {
            return secrets.Unprotect(value);
        }
        catch (CryptographicException)
        {
            // The Data Protection keys (next to the database, folder "keys") were replaced: the admin has to enter it again.
            logger.LogWarning("The saved {Channel} setting {Setting} cannot be decrypted with the current Data Protection keys; it counts as not set.",
                definition.Channel, name);
            return null;
        }
    }

    private ChannelAdminView View(ChannelDefinition definition, ChannelsOptions settings, string requestBaseUrl)
    {
        bool Set(string name) => !string.IsNullOrEmpty(definition.Setting(name)!.Read(settings));

        var view = new ChannelAdminView
        {
            Channel = definition.Channel,
            Label = definition.Label,
            Platform = definition.Platform,
            WebhookUrl = PublicBase(definition, settings, requestBaseUrl) + definition.WebhookPath,
            AgentNamePrefix = settings.AgentNamePrefix ?? "",
            Configured = definition.Credentials.All(Set),
            DefaultApiBaseUrl = definition.Setting("apiBaseUrl")!.Read(configured) ?? "",
        };
        // Each setting shows itself: a secret only as whether it is set, a value as it is ("" when not set).
        foreach (var setting in definition.Settings)
            setting.Show(view, setting.Read(settings));
        return view;
    }

    /// <summary>Twilio's own PublicBaseUrl for SMS, else Crm:PublicBaseUrl, else the scheme and host the admin reached us on.</summary>
    private string PublicBase(ChannelDefinition definition, ChannelsOptions settings, string requestBaseUrl)
    {
        if (definition.Channel == ChannelName.Sms && !string.IsNullOrWhiteSpace(settings.Twilio.PublicBaseUrl))
            return settings.Twilio.PublicBaseUrl.TrimEnd('/');
        return (string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? requestBaseUrl : options.PublicBaseUrl).TrimEnd('/');
    }

    private static (bool Ok, string Detail) ReadSuccess(CredentialProbe probe, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return probe.Describe!(document.RootElement);
        }
        catch (JsonException)
        {
            return (false, "The answer is not JSON: is the API base URL the platform's API?");
        }
    }

    /// <summary>Whatever a platform echoes back is shown with the credentials blanked out.</summary>
    private static string Redact(string text, IEnumerable<string> values) =>
        values.Where(v => v.Length >= 4).Aggregate(text, (t, v) => t.Replace(v, "[redacted]", StringComparison.Ordinal));

    private static string? Excerpt(string body)
    {
        var text = body.Trim();
        return text.Length == 0 ? null : text.Length <= MaxErrorExcerpt ? text : text[..MaxErrorExcerpt] + "…";
    }

    private static Dictionary<string, Dictionary<string, string>> Normalize(Dictionary<string, Dictionary<string, string>>? saved) =>
        (saved ?? []).ToDictionary(c => c.Key.ToLowerInvariant(), c => new Dictionary<string, string>(c.Value, StringComparer.Ordinal));

    private static ChannelsOptions Clone(ChannelsOptions source) =>
        JsonSerializer.Deserialize<ChannelsOptions>(JsonSerializer.Serialize(source, Json), Json) ?? new ChannelsOptions();
}
