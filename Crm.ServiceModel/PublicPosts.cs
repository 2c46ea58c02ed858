using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>
/// What happens to a public post containing the keyword, on the channels named (x, facebook): "route" to an agent, "ignore",
/// "auto_reply" with the text, "auto_like" or "auto_retweet" (X only).
/// </summary>
public record KeywordFilterDto(long Id, string Keyword, string Action, string? ReplyText, int SortOrder, IReadOnlyList<string> Channels);

public class SaveKeywordFilter : IReturn<KeywordFilterDto>
{
    [Required(ErrorMessage = "Give the keyword to look for.")]
    [MaxLength(100, ErrorMessage = "A keyword is at most 100 characters.")] public string Keyword { get; set; } = "";
    [Required(ErrorMessage = "Choose what happens to a matching post: route, ignore, auto_reply, auto_like or auto_retweet.")]
    public string Action { get; set; } = "route";
    [MaxLength(280, ErrorMessage = "An automatic reply is at most 280 characters (the limit of a post on X).")] public string? ReplyText { get; set; }
    public int SortOrder { get; set; }

    /// <summary>The public channels the filter applies to ("x", "facebook"); all of them when left out.</summary>
    public List<string>? Channels { get; set; }
}

/// <summary>A private reply to a Facebook comment: one Messenger message to its author; their answer opens a Messenger chat.</summary>
public class PrivateReply : IReturn<ConversationDto>
{
    [Required(ErrorMessage = "Write the private reply.")]
    [MaxLength(2000, ErrorMessage = "A private reply is at most 2,000 characters (the limit of a Messenger message).")] public string Text { get; set; } = "";
}

/// <summary>The customer changed or removed a public comment or post: the thread shows the new text (or the removal).</summary>
public sealed record MessageEdited(long ConversationId, MessageDto Message) : IPushedEvent
{
    public static string Name => "message-edited";
}

public class MoveToPrivate : IReturn<ConversationDto>
{
    /// <summary>The public note under the post; a standard one when left out.</summary>
    [MaxLength(280, ErrorMessage = "The public note is at most 280 characters (the limit of a post on X).")] public string? Note { get; set; }
}
