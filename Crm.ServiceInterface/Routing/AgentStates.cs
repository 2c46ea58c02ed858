namespace Crm.ServiceInterface.Routing;

public static class AgentState
{
    public const string Offline = "Offline", Available = "Available", OnBreak = "OnBreak", Rona = "RONA", PostProcessing = "PostProcessing";
    public static readonly IReadOnlyList<string> All = [Offline, Available, OnBreak, Rona, PostProcessing];

    /// <summary>The canonical name, forgiving case and spaces ("On Break", "post processing").</summary>
    public static string? Canonical(string name)
    {
        var squeezed = name.Replace(" ", "").Replace("-", "");
        return All.FirstOrDefault(s => string.Equals(s, squeezed, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The reason codes the engine gives when it moves an agent after a missed offer, and which miss a code stands for.</summary>
public static class MissedOffers
{
    private static readonly Dictionary<MissedOffer, string> Codes = new()
    {
        [MissedOffer.Rejected] = "Rejected a chat", [MissedOffer.Lapsed] = "Missed a chat (acceptance interval)",
    };

    public static string ReasonCode(MissedOffer missed) => Codes[missed];

    /// <summary>The miss behind an On Break or RONA agent's reason code; null for a reason the agent chose.</summary>
    public static MissedOffer? Of(string state, string? reasonCode) =>
        state is AgentState.OnBreak or AgentState.Rona && Codes.FirstOrDefault(c => c.Value == reasonCode) is { Value: not null } hit ? hit.Key : null;
}

/// <summary>
/// Every allowed agent-state move, in one table, by cause (<see cref="StateCause"/>). From RONA or On Break only the agent's own
/// choice or a supervisor brings them back; the engine puts an agent in post processing after a chat and takes them out when
/// its timer runs out; a lost desktop takes an Available agent Offline.
/// </summary>
public static class AgentStateMachine
{
    private static readonly HashSet<(string From, string To, StateCause Cause)> Allowed =
    [
        (AgentState.Offline, AgentState.Available, StateCause.Agent),
        (AgentState.Offline, AgentState.OnBreak, StateCause.Agent),
        (AgentState.Available, AgentState.Available, StateCause.Agent),
        (AgentState.Available, AgentState.OnBreak, StateCause.Agent),
        (AgentState.Available, AgentState.Offline, StateCause.Agent),
        (AgentState.Available, AgentState.OnBreak, StateCause.Reject),         // 8x8 policy
        (AgentState.Available, AgentState.OnBreak, StateCause.Lapse),
        (AgentState.Available, AgentState.Rona, StateCause.Reject),            // Webex policy
        (AgentState.Available, AgentState.Rona, StateCause.Lapse),
        (AgentState.Available, AgentState.PostProcessing, StateCause.ChatEnded),
        (AgentState.Available, AgentState.Offline, StateCause.Disconnect),     // every desktop stream gone for DisconnectSeconds
        (AgentState.OnBreak, AgentState.Available, StateCause.Agent),
        (AgentState.OnBreak, AgentState.OnBreak, StateCause.Agent),            // another reason code
        (AgentState.OnBreak, AgentState.Offline, StateCause.Agent),
        (AgentState.Rona, AgentState.Available, StateCause.Agent),
        (AgentState.Rona, AgentState.OnBreak, StateCause.Agent),               // Webex's "Idle"
        (AgentState.Rona, AgentState.Offline, StateCause.Agent),
        (AgentState.PostProcessing, AgentState.PostProcessing, StateCause.ChatEnded), // another chat ended
        (AgentState.PostProcessing, AgentState.Available, StateCause.Agent),   // the agent ends post processing
        (AgentState.PostProcessing, AgentState.Available, StateCause.Timer),   // its timer ran out
        (AgentState.PostProcessing, AgentState.OnBreak, StateCause.Agent),
        (AgentState.PostProcessing, AgentState.Offline, StateCause.Agent),
        // A supervisor may set what the agent could choose (8x8 "change an agent's status"); Offline only without chats (checked by the caller).
        (AgentState.Offline, AgentState.Available, StateCause.Supervisor),
        (AgentState.Offline, AgentState.OnBreak, StateCause.Supervisor),
        (AgentState.Available, AgentState.Available, StateCause.Supervisor),
        (AgentState.Available, AgentState.OnBreak, StateCause.Supervisor),
        (AgentState.Available, AgentState.Offline, StateCause.Supervisor),
        (AgentState.OnBreak, AgentState.Available, StateCause.Supervisor),
        (AgentState.OnBreak, AgentState.OnBreak, StateCause.Supervisor),
        (AgentState.OnBreak, AgentState.Offline, StateCause.Supervisor),
        (AgentState.Rona, AgentState.Available, StateCause.Supervisor),
        (AgentState.Rona, AgentState.OnBreak, StateCause.Supervisor),
        (AgentState.Rona, AgentState.Offline, StateCause.Supervisor),
        (AgentState.PostProcessing, AgentState.Available, StateCause.Supervisor),
        (AgentState.PostProcessing, AgentState.OnBreak, StateCause.Supervisor),
        (AgentState.PostProcessing, AgentState.Offline, StateCause.Supervisor),
    ];

    /// <summary>
    /// The engine's moves that leave the agent where they are, on purpose, each with why. Any other move the table does not
    /// allow is a defect and throws (<see cref="Decide"/>).
    /// </summary>
    private static readonly Dictionary<(string From, string To, StateCause Cause), string> Kept = MissesKept().Concat(
    [
        new((AgentState.OnBreak, AgentState.PostProcessing, StateCause.ChatEnded), "a break the agent chose outlasts the chat"),
        new((AgentState.Rona, AgentState.PostProcessing, StateCause.ChatEnded), "RONA waits for the agent's own choice"),
        new((AgentState.Offline, AgentState.PostProcessing, StateCause.ChatEnded), "an agent who signed off stays off"),
    ]).ToDictionary();

    private static IEnumerable<KeyValuePair<(string, string, StateCause), string>> MissesKept() =>
        from to in new[] { AgentState.OnBreak, AgentState.Rona }
        from cause in new[] { StateCause.Reject, StateCause.Lapse }
        from kept in new (string From, string Why)[]
        {
            (AgentState.OnBreak, "already out of routing: the miss is on the offer"),
            (AgentState.Rona, "already out of routing: the miss is on the offer"),
            (AgentState.PostProcessing, "post processing finishes first; the miss is on the offer"),
            (AgentState.Offline, "signed off meanwhile: the miss is on the offer"),
        }
        select new KeyValuePair<(string, string, StateCause), string>((kept.From, to, cause), kept.Why);

    /// <summary>A person (the agent or a supervisor) is refused in words; the engine's causes only move agents whose state allows it.</summary>
    public static bool IsPerson(StateCause cause) => cause is StateCause.Agent or StateCause.Supervisor;

    public static bool CanMove(string from, string to, StateCause cause) => Allowed.Contains((from, to, cause));

    /// <summary>Whether the move happens; false when the engine's move is one the table keeps. A refused move throws with why.</summary>
    public static bool Decide(string from, string to, StateCause cause)
    {
        if (Allowed.Contains((from, to, cause))) return true;
        if (IsPerson(cause)) throw Problem.Conflict($"An agent cannot go from {from} to {to}.");
        if (Kept.ContainsKey((from, to, cause))) return false;
        throw new InvalidOperationException($"The engine may not move an agent from {from} to {to} ({cause}): neither allowed nor kept by the table.");
    }
}

/// <summary>The conversation's life: queued, offered to one agent, active, wrapping up, closed.</summary>
public static class ConversationState
{
    public const string Queued = "Queued", Offered = "Offered", Active = "Active", WrapUp = "WrapUp", Closed = "Closed";

    /// <summary>States in which a customer's next message continues this conversation; after the end it opens a new one (Talkdesk).</summary>
    public static readonly IReadOnlyList<string> Open = [Queued, Offered, Active];

    /// <summary><see cref="Open"/> as an SQL list (the partial indexes in db/migrations are written with the same text).</summary>
    public static readonly string OpenStatesSql = StateSql.List(Open);

    /// <summary>Waiting for an agent to take it (queued or being offered), as an SQL list.</summary>
    public static readonly string WaitingSql = StateSql.List([Queued, Offered]);

    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (Queued, Offered),      // dispatched to an agent
        (Queued, Active),       // an agent picked it from the Inbox (Talkdesk)
        (Offered, Active),      // accepted
        (Offered, Queued),      // rejected, lapsed, or a transfer target did not accept: back to the head of the queue
        (Active, Offered),      // transferred to an agent
        (Active, Queued),       // transferred to a queue, or sent to the inbox
        (Active, WrapUp),       // ended
        (WrapUp, Closed),       // every agent's wrap-up is in
        (Queued, Closed),       // the customer left before anyone answered (abandoned)
        (Offered, Closed),
    ];

    public static bool CanMove(string from, string to) => Allowed.Contains((from, to));
}

/// <summary>An agent's part in one conversation.</summary>
public static class ParticipationState
{
    public const string Offered = "Offered", Active = "Active", WrapUp = "WrapUp", Done = "Done",
        Rejected = "Rejected", Lapsed = "Lapsed", Revoked = "Revoked", Returned = "Returned";

    /// <summary>What counts against an agent's capacity.</summary>
    public static readonly IReadOnlyList<string> Held = [Offered, Active];

    /// <summary><see cref="Held"/> as an SQL list.</summary>
    public static readonly string HeldSql = StateSql.List(Held);

    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (Offered, Active), (Offered, Rejected), (Offered, Lapsed), (Offered, Revoked),
        (Active, WrapUp),       // ended, transferred, or a guest exited
        (Active, Returned),     // sent to the inbox: no wrap-up for a chat handed back
        (WrapUp, Done),         // wrap-up submitted
    ];

    public static bool CanMove(string from, string to) => Allowed.Contains((from, to));
}

/// <summary>State lists for SQL, written from the tables above so a state is spelled in one place.</summary>
public static class StateSql
{
    /// <summary>"('Queued', 'Offered')": state names are identifiers from this file, never user input.</summary>
    public static string List(IEnumerable<string> states) => "(" + string.Join(", ", states.Select(Of)) + ")";

    /// <summary>"'Queued'": one state as an SQL literal, taken from this file.</summary>
    public static string Of(string state) => $"'{state}'";
}

public static class ParticipationKind
{
    public const string Route = "route", Transfer = "transfer", Conference = "conference";
}

/// <summary>Who wrote first: the customer (inbound), an agent (outbound from the desktop), or an integration (outbound by API key).</summary>
public enum ConversationStart { Customer, Agent, Integration }

/// <summary>
/// How each kind of start opens a conversation, in one table: the conversation's first state, and the first state and kind of the part
/// an agent gets (none: nobody holds it yet). An agent's outbound chat is theirs at once and counts against their capacity; an
/// integration's waits, out of the Inbox, for the customer's reply, which routes it like an inbound chat.
/// </summary>
public static class ConversationStarts
{
    public sealed record Opening(string ConversationState, string? ParticipationState, string? ParticipationKind, string StartedBy);

    private static readonly Dictionary<ConversationStart, Opening> Table = new()
    {
        [ConversationStart.Customer] = new(Routing.ConversationState.Queued, null, null, "customer"),
        [ConversationStart.Agent] = new(Routing.ConversationState.Active, Routing.ParticipationState.Active, ParticipationKind.Route, "agent"),
        [ConversationStart.Integration] = new(Routing.ConversationState.Queued, null, null, "integration"),
    };

    public static Opening Of(ConversationStart start) => Table[start];

    /// <summary>The stored started_by value back as its start.</summary>
    public static ConversationStart Parse(string? startedBy) =>
        Table.FirstOrDefault(t => t.Value.StartedBy == startedBy) is { Value: not null } hit ? hit.Key : ConversationStart.Customer;
}
