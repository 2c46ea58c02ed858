namespace Crm.ServiceInterface.Channels.WhatsApp;

/// <summary>Channels:WhatsApp (WhatsApp Cloud API).</summary>
public sealed class WhatsAppOptions
{
    /// <summary>The Meta app's secret: signs every webhook POST (X-Hub-Signature-256).</summary>
    public string? AppSecret { get; set; }

    /// <summary>The token typed into the app dashboard; Meta echoes it in the subscription handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>The system-user access token the Cloud API is called with (Authorization: Bearer).</summary>
    public string? AccessToken { get; set; }

    /// <summary>The business phone number's id: messages go out from it, and webhooks for other numbers of the account are ignored.</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>The WhatsApp Business Account (WABA) ID: the approved message templates are synced from it.</summary>
    public string? BusinessAccountId { get; set; }

    /// <summary>The Graph API root including its version; tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://graph.facebook.com/v23.0";
}
