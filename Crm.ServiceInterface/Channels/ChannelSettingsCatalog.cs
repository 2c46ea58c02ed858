using System.Text.RegularExpressions;
using Crm.ServiceInterface.Channels.Messenger;
using Crm.ServiceInterface.Channels.Twilio;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Channels.X;

namespace Crm.ServiceInterface.Channels;

/// <summary>How a setting is entered, stored and shown: secrets are write-only and stored encrypted.</summary>
internal enum SettingKind { Text, Secret, Url, Flag }

/// <summary>
/// One setting an admin may change: its JSON name (as in <see cref="SaveChannelSettings"/> and the stored overrides), how it
/// is read from and written to the options, and what a valid value looks like (<see cref="Check"/> answers the problem).
/// </summary>
internal sealed record ChannelSetting(
    string Name,
    SettingKind Kind,
    Func<ChannelsOptions, string?> Read,
    Action<ChannelsOptions, string?> Write,
    Func<SaveChannelSettings, string?> Input,
    Func<string, string?>? Check = null,
    Func<string, string>? Normalize = null);

/// <summary>One channel on the admin page: its settings, the credentials a send needs, and its webhook path.</summary>
internal sealed record ChannelDefinition(
    string Channel,
    string Label,
    string Platform,
    string WebhookPath,
    IReadOnlyList<ChannelSetting> Settings,
    IReadOnlyList<string> Credentials)
{
    public ChannelSetting? Setting(string name) => Settings.FirstOrDefault(s => s.Name == name);
}

/// <summary>The four social channels' settings, and the rules a saved value must meet.</summary>
internal static partial class ChannelSettingsCatalog
{
    public const int MaxSecretLength = 4096, MaxTextLength = 200;

    public static readonly IReadOnlyList<ChannelDefinition> All =
    [
        new(ChannelName.Messenger, "Messenger", "Meta", "/webhooks/messenger",
        [
            ApiBaseUrl(o => o.Messenger.ApiBaseUrl, (o, v) => o.Messenger.ApiBaseUrl = v ?? new MessengerOptions().ApiBaseUrl),
            Secret("appSecret", o => o.Messenger.AppSecret, (o, v) => o.Messenger.AppSecret = v, r => r.AppSecret),
            Secret("verifyToken", o => o.Messenger.VerifyToken, (o, v) => o.Messenger.VerifyToken = v, r => r.VerifyToken),
            Secret("pageAccessToken", o => o.Messenger.PageAccessToken, (o, v) => o.Messenger.PageAccessToken = v, r => r.PageAccessToken),
            new("humanAgentTagEnabled", SettingKind.Flag,
                o => o.Messenger.HumanAgentTagEnabled ? "true" : "false",
                (o, v) => o.Messenger.HumanAgentTagEnabled = v == "true",
                r => r.HumanAgentTagEnabled is { } on ? (on ? "true" : "false") : null),
        ], ["pageAccessToken"]),

        new(ChannelName.WhatsApp, "WhatsApp", "Meta", "/webhooks/whatsapp",
        [
            ApiBaseUrl(o => o.WhatsApp.ApiBaseUrl, (o, v) => o.WhatsApp.ApiBaseUrl = v ?? new WhatsAppOptions().ApiBaseUrl),
            Secret("appSecret", o => o.WhatsApp.AppSecret, (o, v) => o.WhatsApp.AppSecret = v, r => r.AppSecret),
            Secret("verifyToken", o => o.WhatsApp.VerifyToken, (o, v) => o.WhatsApp.VerifyToken = v, r => r.VerifyToken),
            Secret("accessToken", o => o.WhatsApp.AccessToken, (o, v) => o.WhatsApp.AccessToken = v, r => r.AccessToken),
            new("phoneNumberId", SettingKind.Text, o => o.WhatsApp.PhoneNumberId, (o, v) => o.WhatsApp.PhoneNumberId = v, r => r.PhoneNumberId,
                v => Digits().IsMatch(v) ? null
                    : "The phone number ID is the number's numeric ID from WhatsApp Manager (API Setup), not the phone number itself."),
            new("businessAccountId", SettingKind.Text, o => o.WhatsApp.BusinessAccountId, (o, v) => o.WhatsApp.BusinessAccountId = v, r => r.BusinessAccountId,
                v => Digits().IsMatch(v) ? null
                    : "The WhatsApp Business Account ID is the account's numeric ID from WhatsApp Manager (API Setup); message templates are synced from it."),
        ], ["accessToken", "phoneNumberId"]),

        new(ChannelName.Sms, "SMS (Twilio)", "Twilio", "/webhooks/sms/twilio",
        [
            ApiBaseUrl(o => o.Twilio.ApiBaseUrl, (o, v) => o.Twilio.ApiBaseUrl = v ?? new TwilioOptions().ApiBaseUrl),
            new("accountSid", SettingKind.Text, o => o.Twilio.AccountSid, (o, v) => o.Twilio.AccountSid = v, r => r.AccountSid,
                v => AccountSid().IsMatch(v) ? null : "An Account SID is \"AC\" followed by 32 hexadecimal characters (Twilio Console, Account Info)."),
            Secret("authToken", o => o.Twilio.AuthToken, (o, v) => o.Twilio.AuthToken = v, r => r.AuthToken),
            new("fromNumber", SettingKind.Text, o => o.Twilio.FromNumber, (o, v) => o.Twilio.FromNumber = v, r => r.FromNumber,
                v => E164().IsMatch(v) || MessagingServiceSid().IsMatch(v) ? null
                    : "Give the number in international format (+15558675310) or a Messaging Service SID (\"MG\" and 32 hexadecimal characters).",
                v => MessagingServiceSid().IsMatch(v) ? v : Separators().Replace(v, "")),
            new("publicBaseUrl", SettingKind.Url, o => o.Twilio.PublicBaseUrl, (o, v) => o.Twilio.PublicBaseUrl = v, r => r.PublicBaseUrl,
                v => CheckBaseUrl("publicBaseUrl", v), v => v.TrimEnd('/')),
        ], ["accountSid", "authToken"]),

        new(ChannelName.X, "X", "X", "/webhooks/x",
        [
            ApiBaseUrl(o => o.X.ApiBaseUrl, (o, v) => o.X.ApiBaseUrl = v ?? new XOptions().ApiBaseUrl),
            Secret("consumerSecret", o => o.X.ConsumerSecret, (o, v) => o.X.ConsumerSecret = v, r => r.ConsumerSecret),
            Secret("bearerToken", o => o.X.BearerToken, (o, v) => o.X.BearerToken = v, r => r.BearerToken),
            new("accountId", SettingKind.Text, o => o.X.AccountId, (o, v) => o.X.AccountId = v, r => r.AccountId,
                v => Digits().IsMatch(v) ? null : "The account's user ID is a number (the credential check shows it)."),
        ], ["bearerToken"]),
    ];

    /// <summary>Every setting name any channel has, with how to read it from a request: to refuse another channel's settings.</summary>
    private static readonly IReadOnlyList<(string Name, Func<SaveChannelSettings, string?> Input)> AnyChannel =
        All.SelectMany(d => d.Settings).DistinctBy(s => s.Name).Select(s => (s.Name, s.Input)).ToList();

    public static ChannelDefinition Find(string channel) =>
        All.FirstOrDefault(d => string.Equals(d.Channel, channel, StringComparison.OrdinalIgnoreCase))
        ?? throw Problem.NotFound($"There is no channel '{channel}'; the channels are {string.Join(", ", All.Select(d => d.Channel))}.");

    /// <summary>
    /// The changes a request asks for, by setting name: a value to store ("" = cleared), or null to drop the saved value
    /// (a cleared ApiBaseUrl). Settings left out are not in the answer. Every problem is reported at once, as a 400.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Changes(ChannelDefinition definition, SaveChannelSettings request)
    {
        var errors = new Dictionary<string, string[]>();
        var changes = new Dictionary<string, string?>();
        foreach (var (name, input) in AnyChannel)
            if (input(request) is not null && definition.Setting(name) is null)
                errors[name] = [$"{definition.Label} has no setting '{name}'."];

        foreach (var setting in definition.Settings)
        {
            var raw = setting.Input(request);
            if (raw is null) continue;
            var value = raw.Trim();
            if (value.Length == 0)
            {
                changes[setting.Name] = setting.Name == "apiBaseUrl" ? null : "";
                continue;
            }
            value = setting.Normalize?.Invoke(value) ?? value;
            var problem = setting.Kind switch
            {
                SettingKind.Secret when value.Length > MaxSecretLength => $"A secret is at most {MaxSecretLength} characters.",
                SettingKind.Secret when value.Any(char.IsControl) => "The value has line breaks or control characters: paste the secret alone.",
                SettingKind.Text or SettingKind.Url when value.Length > MaxTextLength => $"At most {MaxTextLength} characters.",
                _ => setting.Check?.Invoke(value),
            };
            if (problem is not null) errors[setting.Name] = [problem];
            else changes[setting.Name] = value;
        }

        if (errors.Count > 0)
            throw new ProblemException(400, "Check the form",
                $"The {definition.Label} settings were not saved: {string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}", errors);
        return changes;
    }

    /// <summary>Null when <paramref name="value"/> is an absolute http(s) URL without query or fragment, else the problem.</summary>
    public static string? CheckBaseUrl(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : $"{name} must be an absolute http(s) URL without query or credentials, e.g. https://crm.example.com.";

    private static ChannelSetting ApiBaseUrl(Func<ChannelsOptions, string?> read, Action<ChannelsOptions, string?> write) =>
        new("apiBaseUrl", SettingKind.Url, read, write, r => r.ApiBaseUrl,
            v => CheckBaseUrl("apiBaseUrl", v) is null ? null
                : "The API base URL must be an absolute http(s) URL, e.g. https://graph.facebook.com/v23.0.",
            v => v.TrimEnd('/'));

    private static ChannelSetting Secret(string name, Func<ChannelsOptions, string?> read, Action<ChannelsOptions, string?> write,
        Func<SaveChannelSettings, string?> input) => new(name, SettingKind.Secret, read, write, input);

    [GeneratedRegex(@"^\d{1,32}$")] private static partial Regex Digits();
    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")] private static partial Regex AccountSid();
    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")] private static partial Regex MessagingServiceSid();
    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")] private static partial Regex E164();
    [GeneratedRegex(@"[\s\-().]")] private static partial Regex Separators();
}
