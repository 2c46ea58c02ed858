namespace Crm.ServiceInterface.Channels.Twilio;

/// <summary>Channels:Twilio (Programmable Messaging, SMS).</summary>
public sealed class TwilioOptions
{
    public string? AccountSid { get; set; }

    /// <summary>Signs every webhook (X-Twilio-Signature) and, with the AccountSid, authenticates every API call.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The E.164 number messages go out from, or a Messaging Service SID ("MG…").</summary>
    public string? FromNumber { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>
    /// The scheme and host Twilio calls us on ("https://crm.example.com"), when a proxy sits in front: Twilio signs the URL
    /// it called, not the one the app sees. Also where status callbacks are requested (PublicBaseUrl + /webhooks/sms/twilio).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The webhook's path under <see cref="PublicBaseUrl"/>, for the StatusCallback of each sent message.</summary>
    public string WebhookPath { get; set; } = "/webhooks/sms/twilio";
}
