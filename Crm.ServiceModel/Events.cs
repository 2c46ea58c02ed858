namespace Crm.ServiceModel;

/// <summary>
/// An event pushed over <c>GET /api/events</c> (SSE). <see cref="Name"/> is its <c>event:</c> line and the data is the record
/// as JSON; appending takes one of these records, so the name always comes from the type.
/// </summary>
public interface IPushedEvent
{
    static abstract string Name { get; }
}

/// <summary>A chat offered to this agent: the offer with its screen pop (the same shape as <c>GET /api/agents/me/offers</c>).</summary>
public sealed record OfferMade : OfferDto, IPushedEvent
{
    public OfferMade(OfferDto offer) : base(offer) { }

    public static string Name => "offer";
}

/// <summary>Why an offer is no longer open: the agent's doing (rejected, let it lapse) or the chat's (it ended, the customer left).</summary>
public enum OfferRevokedReason { Rejected, Lapsed, ConversationEnded, CustomerLeft }

/// <summary>An offer this agent had is gone.</summary>
public sealed record OfferRevoked(long ConversationId, long ParticipationId, OfferRevokedReason Reason) : IPushedEvent
{
    public static string Name => "offer-revoked";
}

/// <summary>Why the engine put an agent On Break or in RONA: a rejected or a lapsed offer.</summary>
public enum MissedOffer { Rejected, Lapsed }

/// <summary>
/// An agent's state moved (to this agent and to supervisors): <see cref="Cause"/> and <see cref="ChangedBy"/> say who moved them,
/// <see cref="MissedOffer"/> which offer the engine moved them for.
/// </summary>
public sealed record AgentStateChanged(long AgentId, string State, string? ReasonCode, long Since, long? PostProcessingUntil, StateCause Cause,
    string? ChangedBy, MissedOffer? MissedOffer) : IPushedEvent
{
    public static string Name => "agent-state";
}

/// <summary>A message was added to a conversation the listener is in (or watches, or is the web chat customer of).</summary>
public sealed record MessageAdded(long ConversationId, MessageDto Message) : IPushedEvent
{
    public static string Name => "message";
}

/// <summary>A sent message moved on: sent, delivered, read or failed (with the platform's error).</summary>
/// While retrying, <see cref="NextAttemptAt"/> says when the platform is tried again and <see cref="Error"/> why it refused.
public sealed record MessageStatusChanged(long ConversationId, long MessageId, string Status, string? Error, long? NextAttemptAt = null, int SendAttempts = 0)
    : IPushedEvent
{
    public static string Name => "message-status";
}

/// <summary>
/// A conversation changed (state, owner, queue, participants): re-read it. <see cref="WrapUp"/> is set on the event to the agent
/// whose part just ended, so the desktop opens its wrap-up.
/// </summary>
public sealed record ConversationChanged(long ConversationId, string State, long? OwnerId, long? QueueId, bool WrapUp = false) : IPushedEvent
{
    public static string Name => "conversation";
}

/// <summary>To the web chat customer: the agent ended the chat.</summary>
public sealed record ChatEnded(long ConversationId) : IPushedEvent
{
    public static string Name => "ended";
}

/// <summary>Transport frames without an id, never stored: a keep-alive, and "some queue changed: re-read your Inbox".</summary>
public static class StreamSignals
{
    public const string Ping = "ping", Inbox = "inbox";
}

/// <summary>
/// Every event name with the record it carries, in one place: the OpenAPI document describes this map (schema
/// <c>PushedEvents</c>), so the browser's types for each event are generated from it.
/// </summary>
public static class PushedEvents
{
    public static readonly IReadOnlyDictionary<string, Type> ByName = new Dictionary<string, Type>
    {
        [OfferMade.Name] = typeof(OfferMade),
        [OfferRevoked.Name] = typeof(OfferRevoked),
        [AgentStateChanged.Name] = typeof(AgentStateChanged),
        [MessageAdded.Name] = typeof(MessageAdded),
        [MessageStatusChanged.Name] = typeof(MessageStatusChanged),
        [MessageEdited.Name] = typeof(MessageEdited),
        [ConversationChanged.Name] = typeof(ConversationChanged),
        [ChatEnded.Name] = typeof(ChatEnded),
        [AgentPresenceChanged.Name] = typeof(AgentPresenceChanged),
        [SupervisionChanged.Name] = typeof(SupervisionChanged),
        [ChatTakenOver.Name] = typeof(ChatTakenOver),
        [EntryFlowChanged.Name] = typeof(EntryFlowChanged),
    };
}
