namespace Crm.ServiceInterface.Channels.X;

/// <summary>Channels:X (Account Activity API webhooks, v2 Direct Messages).</summary>
public sealed class XOptions
{
    /// <summary>The app's consumer (API key) secret: answers the CRC and signs every webhook POST.</summary>
    public string? ConsumerSecret { get; set; }

    /// <summary>A user-context OAuth 2.0 access token of the business account with dm.write (app-only tokens cannot send DMs).</summary>
    public string? BearerToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.x.com";

    /// <summary>The business account's user id: whose like a "Like" is (POST /2/users/{id}/likes).</summary>
    public string? AccountId { get; set; }
}
