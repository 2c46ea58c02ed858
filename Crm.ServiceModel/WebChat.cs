using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

public class StartWebChat : IReturn<WebChatSession>
{
    [Required(ErrorMessage = "Tell us your name.")]
    [MaxLength(100, ErrorMessage = "A name is at most 100 characters.")] public string Name { get; set; } = "";
    [EmailAddress(ErrorMessage = "Give an email address like name@example.com, or leave it empty.")]
    [MaxLength(200, ErrorMessage = "An email address is at most 200 characters.")] public string? Email { get; set; }
    /// <summary>The page the visitor started from, shown to the agent.</summary>
    [MaxLength(500, ErrorMessage = "The page address is at most 500 characters.")] public string? Source { get; set; }
}

/// <summary>The session id is the visitor's secret: whoever holds it can read and write the chat.</summary>
public record WebChatSession(string SessionId, string Name);

public class SendWebChatMessage : IReturn<WebChatMessage>
{
    [Required(ErrorMessage = "Write a message first.")]
    [MaxLength(4000, ErrorMessage = "A message is at most 4,000 characters.")] public string Text { get; set; } = "";
}

/// <summary>A line of the chat as the customer sees it: their own, the agent's (with the agent's name), or a notice.</summary>
public record WebChatMessage(long Id, string Kind, string? AuthorName, string Text, long SentAt);
