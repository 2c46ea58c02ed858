namespace Crm.ServiceModel;

/// <summary>
/// How a supervisor is in a chat (Genesys): Monitoring (silent), Coaching (whispers to the agents), Joined (barge-in, the
/// customer sees them); Left, TookOver and Ended close the supervision.
/// </summary>
public enum SupervisionMode { Monitoring, Coaching, Joined, Left, TookOver, Ended }

/// <summary>What a supervisor does to a chat; each is audited.</summary>
public enum SupervisorAction { Monitor, Whisper, Barge, TakeOver, Leave }

/// <summary>One supervisor in a chat now.</summary>
public record SupervisorInChat(long SupervisorId, string SupervisorName, SupervisionMode Mode, long Since);

/// <summary>
/// Who supervises a chat now, as the viewer may know it: an agent is not told of a silent monitor when
/// <c>Crm:Supervision:ShowMonitorIndicator</c> is false. <see cref="Mine"/> is the caller's own mode, if any;
/// <see cref="TookOverBy"/> names the supervisor who took the chat over, if one did.
/// </summary>
public record ChatSupervisionDto(long ConversationId, IReadOnlyList<SupervisorInChat> Supervisors, SupervisionMode? Mine, string? TookOverBy);

/// <summary>Pushed as "supervision" when a supervisor steps into, switches in, or leaves a chat.</summary>
public sealed record SupervisionChanged(long ConversationId, IReadOnlyList<SupervisorInChat> Supervisors) : IPushedEvent
{
    public static string Name => "supervision";
}

/// <summary>Pushed as "taken-over" to the agent whose chat a supervisor took over: the agent wraps up.</summary>
public sealed record ChatTakenOver(long ConversationId, long SupervisorId, string SupervisorName) : IPushedEvent
{
    public static string Name => "taken-over";
}

public class WhisperToAgent : IReturn<MessageDto>
{
    /// <summary>Plain text, required, at most 4,000 characters (checked by the service, all problems at once).</summary>
    public string? Text { get; set; }
}

/// <summary>One chat in progress (Offered or Active) for the supervisor's list.</summary>
public record ChatInProgress(
    long Id, string Channel, string State, string QueueName, long? CustomerId, string? CustomerName, string Address,
    long? AgentId, string? AgentName, long Since, IReadOnlyList<SupervisorInChat> Supervisors);
