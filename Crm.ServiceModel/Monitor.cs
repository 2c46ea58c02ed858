namespace Crm.ServiceModel;

/// <summary>Who or what moved an agent: their own choice, a supervisor, or the engine (reject, lapse, chat end, timer, lost desktop).</summary>
public enum StateCause { Agent, Supervisor, Reject, Lapse, ChatEnded, Timer, Disconnect }

/// <summary>The supervisor's live view: every agent, every queue, and the system line.</summary>
public record MonitorDto(IReadOnlyList<MonitorAgentDto> Agents, IReadOnlyList<MonitorQueueDto> Queues, MonitorSystemDto System, long At,
    int ServiceLevelSeconds);

/// <summary>
/// One agent's row: state (with the On Break reason) since when and why, chats held against capacity, today's offers and
/// average handle time (accept to wrap-up, milliseconds), and whether a desktop is connected or the agent was disconnected.
/// </summary>
public record MonitorAgentDto(
    long Id, string UserName, string DisplayName, string State, string? ReasonCode, long Since, StateCause? Cause,
    int Load, int Capacity, IReadOnlyList<MonitorChatDto> Chats, IReadOnlyList<string> Queues,
    int AcceptedToday, int RejectedToday, int MissedToday, long? AverageHandleMsToday, bool Connected, long? DisconnectedAt);

/// <summary>A chat an agent holds: offered (not yet accepted) or active; since is when it was accepted, else offered.</summary>
public record MonitorChatDto(long ConversationId, string? CustomerName, string Address, string Channel, string Queue, string State, long Since);

/// <summary>
/// One queue: chats waiting (queued or offered) and since when the oldest waits, offered and active now, member agents
/// Available of total, today's service level (share of chats answered within the threshold; null before any chat ended
/// or was answered) and chats abandoned today (the customer left before an agent accepted).
/// </summary>
public record MonitorQueueDto(
    long Id, string Name, int Waiting, long? LongestWaitSince, int Offered, int Active, int Available, int Agents,
    double? ServiceLevel, int AnsweredToday, int AnsweredInTimeToday, int AbandonedToday, MonitorHeldDto? Held = null);

/// <summary>The queue's chats the entry flow holds before routing (also counted in waiting): closed, special day, emergency, with the bot.</summary>
public record MonitorHeldDto(int Closed, int SpecialDay, int Emergency, int WithBot);

/// <summary>Messages received in the last minute, and since when the oldest chat has waited without reaching any agent (ingest lag).</summary>
public record MonitorSystemDto(int MessagesLastMinute, long? OldestUnroutedSince);

/// <summary>
/// A supervisor sets an agent's state: Available, OnBreak (with a break reason) or Offline (only when they hold no chats).
/// Checked by the service, so every problem comes back at once in words.
/// </summary>
public class SetAgentStateBySupervisor : IReturn<AgentDto>
{
    /// <summary>Available, OnBreak ("On Break") or Offline.</summary>
    public string? State { get; set; }
    /// <summary>One of the break reasons, with OnBreak only.</summary>
    public string? ReasonCode { get; set; }
    /// <summary>Why, for the audit log (optional, up to 500 characters).</summary>
    public string? Note { get; set; }
}

/// <summary>One stretch of an agent's day in one state; <c>To</c> is null while it lasts.</summary>
public record StateIntervalDto(string State, string? ReasonCode, long From, long? To, StateCause Cause, string? ChangedBy);

public record AgentTimelineDto(long AgentId, string DisplayName, long From, long To, IReadOnlyList<StateIntervalDto> Intervals);

/// <summary>
/// One line of the audit: a supervisor's action or another audited change (kind is its action, e.g. "agent.state-set"),
/// or an agent's state change ("agent-state").
/// </summary>
public record AuditRecordDto(long At, string Kind, string? Actor, string? ActorName, string Entity, long EntityId, string? Subject, string? Detail);

// Pushed events (SSE on /api/events, audience "supervisors"; the agent's own desktop gets AgentStateChanged too).

/// <summary>Event "agent-presence": an agent's desktop connected, every stream went away, or the agent was marked Disconnected.</summary>
public sealed record AgentPresenceChanged(long AgentId, bool Connected, long? DisconnectedAt) : IPushedEvent
{
    public static string Name => "agent-presence";
}
