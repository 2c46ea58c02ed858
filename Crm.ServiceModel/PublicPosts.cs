using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>What happens to a public post containing the keyword: "route" to an agent, "ignore", or "auto_reply" with the text.</summary>
public record KeywordFilterDto(long Id, string Keyword, string Action, string? ReplyText, int SortOrder);

public class SaveKeywordFilter : IReturn<KeywordFilterDto>
{
    [Required(ErrorMessage = "Give the keyword to look for.")]
    [MaxLength(100, ErrorMessage = "A keyword is at most 100 characters.")] public string Keyword { get; set; } = "";
    [Required(ErrorMessage = "Choose what happens to a matching post: route, ignore or auto_reply.")] public string Action { get; set; } = "route";
    [MaxLength(280, ErrorMessage = "An automatic reply is at most 280 characters (the limit of a post on X).")] public string? ReplyText { get; set; }
    public int SortOrder { get; set; }
}

public class MoveToPrivate : IReturn<ConversationDto>
{
    /// <summary>The public note under the post; a standard one when left out.</summary>
    [MaxLength(280, ErrorMessage = "The public note is at most 280 characters (the limit of a post on X).")] public string? Note { get; set; }
}
