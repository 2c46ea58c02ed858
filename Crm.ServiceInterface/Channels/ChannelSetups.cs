using System.Text.RegularExpressions;
using Crm.ServiceInterface.Channels.Messenger;
using Crm.ServiceInterface.Channels.Twilio;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Channels.X;

namespace Crm.ServiceInterface.Channels;

/// <summary>The social channels' cards on Admin &gt; Channels: each setting in the order an admin sets the channel up, with its rules and words.</summary>
internal static partial class ChannelSetups
{
    private const string GraphApi = "https://graph.facebook.com/v23.0";

    public static readonly ChannelDefinition Messenger = new(ChannelName.Messenger, "Messenger", "Meta", "/webhooks/messenger",
        "Facebook Messenger, through a Meta app.",
        "Meta App Dashboard › Messenger › Webhooks: paste it as the Callback URL, with the verify token below.",
        [
            Secret("pageAccessToken", "Page access token", "The Page's token from Messenger › Settings: it sends the agents' replies.",
                o => o.Messenger.PageAccessToken, (o, v) => o.Messenger.PageAccessToken = v, r => r.PageAccessToken, (v, set) => v.PageAccessTokenSet = set),
            AppSecret(o => o.Messenger.AppSecret, (o, v) => o.Messenger.AppSecret = v),
            VerifyToken(o => o.Messenger.VerifyToken, (o, v) => o.Messenger.VerifyToken = v),
            new("humanAgentTagEnabled", ChannelSettingKind.Flag,
                o => o.Messenger.HumanAgentTagEnabled ? "true" : "false",
                (o, v) => o.Messenger.HumanAgentTagEnabled = v == "true",
                r => r.HumanAgentTagEnabled is { } on ? (on ? "true" : "false") : null,
                (v, value) => v.HumanAgentTagEnabled = value == "true",
                "Human agent tag",
                "Granted by Meta: agents may answer up to 7 days after the customer's last message instead of 24 hours."),
            ApiBaseUrl(GraphApi, o => o.Messenger.ApiBaseUrl, (o, v) => o.Messenger.ApiBaseUrl = v ?? new MessengerOptions().ApiBaseUrl),
        ], ["pageAccessToken"], CredentialProbe.Messenger);

    public static readonly ChannelDefinition WhatsApp = new(ChannelName.WhatsApp, "WhatsApp", "Meta", "/webhooks/whatsapp",
        "WhatsApp Cloud API, through a Meta app.",
        "Meta App Dashboard › WhatsApp › Configuration: paste it as the Callback URL, with the verify token below.",
        [
            new("phoneNumberId", ChannelSettingKind.Text, o => o.WhatsApp.PhoneNumberId, (o, v) => o.WhatsApp.PhoneNumberId = v, r => r.PhoneNumberId,
                (v, value) => v.PhoneNumberId = value ?? "", "Phone number ID",
                "From WhatsApp Manager › API Setup: the number’s ID, not the phone number itself.",
                v => Digits().IsMatch(v) ? null
                    : "The phone number ID is the number's numeric ID from WhatsApp Manager (API Setup), not the phone number itself.")
            { Placeholder = "106540352242922", InputMode = SettingInputMode.Numeric },
            new("businessAccountId", ChannelSettingKind.Text, o => o.WhatsApp.BusinessAccountId, (o, v) => o.WhatsApp.BusinessAccountId = v,
                r => r.BusinessAccountId, (v, value) => v.BusinessAccountId = value ?? "", "WhatsApp Business Account ID",
                "From WhatsApp Manager › API Setup: the account’s ID. WhatsApp templates are synced from it.",
                v => Digits().IsMatch(v) ? null
                    : "The WhatsApp Business Account ID is the account's numeric ID from WhatsApp Manager (API Setup); message templates are synced from it.")
            { Placeholder = "102290129340398", InputMode = SettingInputMode.Numeric, Optional = true },
            Secret("accessToken", "Access token", "A system user token with whatsapp_business_messaging.",
                o => o.WhatsApp.AccessToken, (o, v) => o.WhatsApp.AccessToken = v, r => r.AccessToken, (v, set) => v.AccessTokenSet = set),
            AppSecret(o => o.WhatsApp.AppSecret, (o, v) => o.WhatsApp.AppSecret = v),
            VerifyToken(o => o.WhatsApp.VerifyToken, (o, v) => o.WhatsApp.VerifyToken = v),
            ApiBaseUrl(GraphApi, o => o.WhatsApp.ApiBaseUrl, (o, v) => o.WhatsApp.ApiBaseUrl = v ?? new WhatsAppOptions().ApiBaseUrl),
        ], ["accessToken", "phoneNumberId"], CredentialProbe.WhatsApp);

    public static readonly ChannelDefinition Sms = new(ChannelName.Sms, "SMS (Twilio)", "Twilio", "/webhooks/sms/twilio",
        "Text messages through Twilio Programmable Messaging.",
        "Twilio Console › Phone Numbers › your number › Messaging: paste it under “A message comes in” (HTTP POST).",
        [
            new("accountSid", ChannelSettingKind.Text, o => o.Twilio.AccountSid, (o, v) => o.Twilio.AccountSid = v, r => r.AccountSid,
                (v, value) => v.AccountSid = value ?? "", "Account SID", "From the Twilio Console, Account Info.",
                v => AccountSid().IsMatch(v) ? null : "An Account SID is \"AC\" followed by 32 hexadecimal characters (Twilio Console, Account Info).")
            { Placeholder = "AC…" },
            Secret("authToken", "Auth token", "Authenticates every send and checks the signature of Twilio's webhooks.",
                o => o.Twilio.AuthToken, (o, v) => o.Twilio.AuthToken = v, r => r.AuthToken, (v, set) => v.AuthTokenSet = set),
            new("fromNumber", ChannelSettingKind.Text, o => o.Twilio.FromNumber, (o, v) => o.Twilio.FromNumber = v, r => r.FromNumber,
                (v, value) => v.FromNumber = value ?? "", "From number",
                "The number replies come from, in international format, or a Messaging Service SID (MG…).",
                v => E164().IsMatch(v) || MessagingServiceSid().IsMatch(v) ? null
                    : "Give the number in international format (+15558675310) or a Messaging Service SID (\"MG\" and 32 hexadecimal characters).",
                v => MessagingServiceSid().IsMatch(v) ? v : Separators().Replace(v, ""))
            { Placeholder = "+15558675310", InputMode = SettingInputMode.Tel },
            new("publicBaseUrl", ChannelSettingKind.Url, o => o.Twilio.PublicBaseUrl, (o, v) => o.Twilio.PublicBaseUrl = v, r => r.PublicBaseUrl,
                (v, value) => v.PublicBaseUrl = value ?? "", "Public base URL",
                "When a proxy sits in front: the scheme and host Twilio calls. Twilio signs that URL, so it must match.",
                v => ChannelSettingsCatalog.CheckBaseUrl("publicBaseUrl", v), v => v.TrimEnd('/'))
            { Placeholder = "https://crm.example.com", InputMode = SettingInputMode.Url, Optional = true },
            ApiBaseUrl("https://api.twilio.com", o => o.Twilio.ApiBaseUrl, (o, v) => o.Twilio.ApiBaseUrl = v ?? new TwilioOptions().ApiBaseUrl),
        ], ["accountSid", "authToken"], CredentialProbe.Twilio);

    public static readonly ChannelDefinition X = new(ChannelName.X, "X", "X", "/webhooks/x",
        "Direct Messages through the X API.",
        "X Developer Portal › your app's Account Activity API environment: register it as the webhook URL.",
        [
            Secret("bearerToken", "User access token",
                "An OAuth 2.0 user-context token of the business account with dm.write (an app-only token can't send DMs).",
                o => o.X.BearerToken, (o, v) => o.X.BearerToken = v, r => r.BearerToken, (v, set) => v.BearerTokenSet = set),
            Secret("consumerSecret", "Consumer secret", "The app's API key secret: answers X's CRC check and verifies webhook signatures.",
                o => o.X.ConsumerSecret, (o, v) => o.X.ConsumerSecret = v, r => r.ConsumerSecret, (v, set) => v.ConsumerSecretSet = set),
            new("accountId", ChannelSettingKind.Text, o => o.X.AccountId, (o, v) => o.X.AccountId = v, r => r.AccountId,
                (v, value) => v.AccountId = value ?? "", "Account user ID",
                "The business account's numeric ID, used to like posts. The credential check shows it.",
                v => Digits().IsMatch(v) ? null : "The account's user ID is a number (the credential check shows it).")
            { Placeholder = "2244994945", InputMode = SettingInputMode.Numeric, Optional = true },
            ApiBaseUrl("https://api.x.com", o => o.X.ApiBaseUrl, (o, v) => o.X.ApiBaseUrl = v ?? new XOptions().ApiBaseUrl),
        ], ["bearerToken"], CredentialProbe.X);

    private static ChannelSetting ApiBaseUrl(string example, Func<ChannelsOptions, string?> read, Action<ChannelsOptions, string?> write) =>
        new("apiBaseUrl", ChannelSettingKind.Url, read, write, r => r.ApiBaseUrl, (v, value) => v.ApiBaseUrl = value ?? "", "API base URL",
            "Where replies and the credential check go. Leave it empty to go back to the default.",
            v => ChannelSettingsCatalog.CheckBaseUrl("apiBaseUrl", v) is null ? null
                : $"The API base URL must be an absolute http(s) URL, e.g. {example}.",
            v => v.TrimEnd('/'))
        { Placeholder = example, InputMode = SettingInputMode.Url };

    private static ChannelSetting AppSecret(Func<ChannelsOptions, string?> read, Action<ChannelsOptions, string?> write) =>
        Secret("appSecret", "App secret", "From App settings › Basic. Checks the signature of every webhook Meta sends.",
            read, write, r => r.AppSecret, (v, set) => v.AppSecretSet = set);

    private static ChannelSetting VerifyToken(Func<ChannelsOptions, string?> read, Action<ChannelsOptions, string?> write) =>
        Secret("verifyToken", "Verify token", "Any phrase you choose: type the same one at Meta next to the callback URL.",
            read, write, r => r.VerifyToken, (v, set) => v.VerifyTokenSet = set);

    private static ChannelSetting Secret(string name, string label, string hint, Func<ChannelsOptions, string?> read,
        Action<ChannelsOptions, string?> write, Func<SaveChannelSettings, string?> input, Action<ChannelAdminView, bool> show) =>
        new(name, ChannelSettingKind.Secret, read, write, input, (v, value) => show(v, !string.IsNullOrEmpty(value)), label, hint);

    [GeneratedRegex(@"^\d{1,32}$")] private static partial Regex Digits();
    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")] private static partial Regex AccountSid();
    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")] private static partial Regex MessagingServiceSid();
    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")] private static partial Regex E164();
    [GeneratedRegex(@"[\s\-().]")] private static partial Regex Separators();
}
