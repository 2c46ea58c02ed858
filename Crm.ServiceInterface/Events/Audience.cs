namespace Crm.ServiceInterface.Events;

/// <summary>Who an event is for.</summary>
public static class Audience
{
    /// <summary>One agent or supervisor.</summary>
    public static string User(long userId) => $"user:{userId}";

    /// <summary>Supervisor and Admin only.</summary>
    public const string Supervisors = "supervisors";

    /// <summary>One customer's web chat session.</summary>
    public static string WebChat(string sessionId) => $"webchat:{sessionId}";
}
