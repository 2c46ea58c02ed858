namespace Crm.ServiceModel;

public record QueueDto(
    long Id, string Name, IReadOnlyList<string> Skills, IReadOnlyList<string> Agents, int AcceptanceSeconds,
    int PostProcessingSeconds, bool TransactionCodesMandatory, int Waiting, long? OldestWaitingSince);

public record WrapUpReasonDto(long Id, string Name);

public record TransactionCodeDto(long Id, string Code, string Name);

/// <summary>An FAQ answer as the desktop searches it: Question is its title, Answer its text; Queue is the first of Queues.</summary>
public record FaqAnswerDto(long Id, string Question, string Answer, string? Queue, IReadOnlyList<string> Tags, IReadOnlyList<string> Queues);
