using System.Text.Json.Serialization;

namespace Crm.ServiceModel;

/// <summary>
/// One social channel as an admin sees it (GET /api/admin/channels): its settings in force, each secret only as whether it
/// is set, and the webhook URL to paste at the platform. Settings that belong to other channels are left out of the JSON.
/// </summary>
public sealed class ChannelAdminView
{
    /// <summary>"messenger", "whatsapp", "sms" or "x".</summary>
    public string Channel { get; set; } = "";

    /// <summary>"Messenger", "WhatsApp", "SMS (Twilio)", "X".</summary>
    public string Label { get; set; } = "";

    /// <summary>Who runs it: "Meta", "Twilio" or "X": where the webhook URL is pasted.</summary>
    public string Platform { get; set; } = "";

    /// <summary>The public URL the platform must call: the public base URL + this channel's webhook path.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Channels:AgentNamePrefix, shared by every channel: "{name}" is the agent's display name; empty turns it off.</summary>
    public string AgentNamePrefix { get; set; } = "";

    /// <summary>Whether the credentials a send (and the credential check) needs are all set.</summary>
    public bool Configured { get; set; }

    public string ApiBaseUrl { get; set; } = "";

    /// <summary>The platform's own API root, used when ApiBaseUrl is cleared.</summary>
    public string DefaultApiBaseUrl { get; set; } = "";

    // Meta (Messenger, WhatsApp)
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AppSecretSet { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? VerifyTokenSet { get; set; }

    // Messenger
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? PageAccessTokenSet { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? HumanAgentTagEnabled { get; set; }

    // WhatsApp
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AccessTokenSet { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PhoneNumberId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? BusinessAccountId { get; set; }

    // SMS (Twilio)
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AccountSid { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AuthTokenSet { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FromNumber { get; set; }

    /// <summary>Twilio only: the scheme and host Twilio calls (it signs that URL); "" when not set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PublicBaseUrl { get; set; }

    // X
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? ConsumerSecretSet { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? BearerTokenSet { get; set; }

    /// <summary>X only: the business account's numeric user ID ("" when not set).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AccountId { get; set; }
}

/// <summary>
/// PUT /api/admin/channels/{channel}: only the settings of that channel may be given. A setting left out (or null) keeps
/// its value; "" clears it (a cleared ApiBaseUrl goes back to the configured or default one). Secrets are write-only.
/// </summary>
public sealed class SaveChannelSettings : IReturn<ChannelAdminView>
{
    public string? ApiBaseUrl { get; set; }

    // Meta (Messenger, WhatsApp): secrets
    public string? AppSecret { get; set; }
    public string? VerifyToken { get; set; }

    // Messenger
    public string? PageAccessToken { get; set; }
    public bool? HumanAgentTagEnabled { get; set; }

    // WhatsApp
    public string? AccessToken { get; set; }
    public string? PhoneNumberId { get; set; }
    /// <summary>The WhatsApp Business Account (WABA) ID: message templates are synced from GET /{WABA-ID}/message_templates.</summary>
    public string? BusinessAccountId { get; set; }

    // SMS (Twilio)
    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? FromNumber { get; set; }
    public string? PublicBaseUrl { get; set; }

    // X
    public string? ConsumerSecret { get; set; }
    public string? BearerToken { get; set; }
    public string? AccountId { get; set; }
}

/// <summary>POST /api/admin/channels/{channel}/check: asks the platform who the stored credentials belong to.</summary>
public sealed class CheckChannel : IReturn<ChannelCheckResult>;

/// <summary>
/// The platform's answer to the "who am I" call. <paramref name="Status"/> is its HTTP status, null when it was not called
/// (not configured) or could not be reached; <paramref name="Detail"/> names the account on success, or says what was wrong.
/// <paramref name="Request"/> is the call made, without credentials ("GET https://api.x.com/2/users/me").
/// </summary>
public sealed record ChannelCheckResult(bool Ok, int? Status, string Detail, string? Request);
