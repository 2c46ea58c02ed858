namespace Crm.ServiceInterface.Channels.Messenger;

/// <summary>Channels:Messenger.</summary>
public sealed class MessengerOptions
{
    /// <summary>The Meta app's secret: signs every webhook POST (X-Hub-Signature-256).</summary>
    public string? AppSecret { get; set; }

    /// <summary>The token typed into the app dashboard; Meta echoes it in the subscription handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>The Page access token the Send API is called with.</summary>
    public string? PageAccessToken { get; set; }

    /// <summary>
    /// Whether the page may use the HUMAN_AGENT tag (granted by Meta through the Human Agent permission): agents may then answer
    /// for 7 days after the customer's last message instead of 24 h (see <see cref="MessagingWindow"/>).
    /// </summary>
    public bool HumanAgentTagEnabled { get; set; }

    /// <summary>The Graph API root including its version; tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://graph.facebook.com/v23.0";
}
