namespace Crm.ServiceModel;

public record QueueDto(
    long Id, string Name, IReadOnlyList<string> Skills, IReadOnlyList<string> Agents, int AcceptanceSeconds,
    int PostProcessingSeconds, bool TransactionCodesMandatory, int Waiting, long? OldestWaitingSince);

public record WrapUpReasonDto(long Id, string Name);

public record TransactionCodeDto(long Id, string Code, string Name);

public record FaqAnswerDto(long Id, string Question, string Answer, string? Queue);
