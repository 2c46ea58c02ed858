using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

public class StartWebChat : IReturn<WebChatSession>
{
    [Required, MaxLength(100)] public string Name { get; set; } = "";
    [EmailAddress, MaxLength(200)] public string? Email { get; set; }
    /// <summary>The page the visitor started from, shown to the agent.</summary>
    [MaxLength(500)] public string? Source { get; set; }
}

/// <summary>The session id is the visitor's secret: whoever holds it can read and write the chat.</summary>
public record WebChatSession(string SessionId, string Name);

public class SendWebChatMessage : IReturn<WebChatMessage>
{
    [Required, MaxLength(4000)] public string Text { get; set; } = "";
}

/// <summary>A line of the chat as the customer sees it: their own, the agent's (with the agent's name), or a notice.</summary>
public record WebChatMessage(long Id, string Kind, string? AuthorName, string Text, long SentAt);
