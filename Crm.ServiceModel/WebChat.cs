using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

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

/// <summary>Who a line of the web chat is from, as the customer sees it (a string whatever the caller's JSON options).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WebChatKind>))]
public enum WebChatKind
{
    /// <summary>The visitor's own line.</summary>
    [JsonStringEnumMemberName("customer")] Customer,
    /// <summary>A person answering: the agent's name is on it.</summary>
    [JsonStringEnumMemberName("agent")] Agent,
    /// <summary>Written by the CRM, not a person: an automatic reply (closed, special day, emergency) or the virtual assistant.</summary>
    [JsonStringEnumMemberName("bot")] Bot,
    /// <summary>A line about the chat itself ("Ana joined the chat").</summary>
    [JsonStringEnumMemberName("notice")] Notice,
}

/// <summary>A line of the chat as the customer sees it: their own, the agent's (with the agent's name), the automatic one's, or a notice.</summary>
public record WebChatMessage(long Id, WebChatKind Kind, string? AuthorName, string Text, long SentAt);
