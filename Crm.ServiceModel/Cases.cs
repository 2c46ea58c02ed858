using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

public record CaseSummary(
    long Id, string Number, string Subject, string Status, string Priority, long? CustomerId, string? CustomerName,
    string? Channel, long CreatedAt, long UpdatedAt, long? ClosedAt, string? QueueName = null, string? AgentName = null);

public record CaseNote(long Id, string Text, string? AuthorName, long CreatedAt);

/// <summary>One step of a case's life; ActorName is the person's display name, as everywhere else people are shown.</summary>
public record CaseHistoryEntry(string Action, string? Detail, string? UserName, long At, string? ActorName = null);

public record NamedItem(long Id, string Name);

public record CaseDto(
    long Id, string Number, string Subject, string Status, string Priority, long? CustomerId, string? CustomerName,
    long? ConversationId, string? Channel, string? Transcript,
    IReadOnlyList<NamedItem> WrapUpReasons, IReadOnlyList<NamedItem> TransactionCodes,
    IReadOnlyList<CaseNote> Notes, IReadOnlyList<CaseHistoryEntry> History,
    long CreatedAt, long UpdatedAt, long? ClosedAt, string? QueueName = null, string? AgentName = null, string? Resolution = null);

public class CreateCase : IReturn<CaseDto>
{
    [Required(ErrorMessage = "Give the case a subject.")]
    [MaxLength(200, ErrorMessage = "A subject is at most 200 characters.")] public string Subject { get; set; } = "";
    [MaxLength(200_000, ErrorMessage = "A transcript is at most 200,000 characters.")] public string? Transcript { get; set; }
    public long? CustomerId { get; set; }
    /// <summary>Low, Normal, High or Urgent; Normal when left out.</summary>
    public string? Priority { get; set; }
}

public class AssignCase : IReturn<CaseDto>
{
    [Range(1, long.MaxValue, ErrorMessage = "Choose the customer to assign the case to.")] public long CustomerId { get; set; }
}

public class AddCaseNote : IReturn<CaseDto>
{
    [Required(ErrorMessage = "Write the note first.")]
    [MaxLength(4000, ErrorMessage = "A note is at most 4,000 characters.")] public string Text { get; set; } = "";
}

/// <summary>Closing a case: a resolution note, required for an orphan case (nobody else will know what became of it).</summary>
public class CloseCase : IReturn<CaseDto>
{
    /// <summary>What was done; at most 2,000 characters.</summary>
    public string? Resolution { get; set; }
}

/// <summary>The 8x8 CRM setting: never, always, or within N days.</summary>
public record CaseReopenPolicy(string Mode, int? Days);
