namespace Crm.ServiceInterface.Supervision;

/// <summary>Settings under <c>Crm:Supervision</c> for stepping into chats.</summary>
public sealed class ChatSupervisionOptions
{
    /// <summary>Whether agents see that a supervisor silently monitors them (contact centres differ); coaching and joining always show.</summary>
    public bool ShowMonitorIndicator { get; set; } = true;
}

/// <summary>
/// Every move of a supervisor's part in a chat, in one table: from no part (null) or a mode, an action leads to a mode.
/// The modes switch freely while the chat goes on (Genesys); Left, TookOver and Ended close the part.
/// </summary>
public static class SupervisionMachine
{
    private static readonly Dictionary<(SupervisionMode? From, SupervisorAction Action), SupervisionMode> Moves = new()
    {
        [(null, SupervisorAction.Monitor)] = SupervisionMode.Monitoring,
        [(null, SupervisorAction.Whisper)] = SupervisionMode.Coaching,
        [(null, SupervisorAction.Barge)] = SupervisionMode.Joined,
        [(null, SupervisorAction.TakeOver)] = SupervisionMode.TookOver,
        [(SupervisionMode.Monitoring, SupervisorAction.Monitor)] = SupervisionMode.Monitoring,
        [(SupervisionMode.Monitoring, SupervisorAction.Whisper)] = SupervisionMode.Coaching,
        [(SupervisionMode.Monitoring, SupervisorAction.Barge)] = SupervisionMode.Joined,
        [(SupervisionMode.Monitoring, SupervisorAction.TakeOver)] = SupervisionMode.TookOver,
        [(SupervisionMode.Monitoring, SupervisorAction.Leave)] = SupervisionMode.Left,
        [(SupervisionMode.Coaching, SupervisorAction.Monitor)] = SupervisionMode.Monitoring,
        [(SupervisionMode.Coaching, SupervisorAction.Whisper)] = SupervisionMode.Coaching,
        [(SupervisionMode.Coaching, SupervisorAction.Barge)] = SupervisionMode.Joined,
        [(SupervisionMode.Coaching, SupervisorAction.TakeOver)] = SupervisionMode.TookOver,
        [(SupervisionMode.Coaching, SupervisorAction.Leave)] = SupervisionMode.Left,
        [(SupervisionMode.Joined, SupervisorAction.Monitor)] = SupervisionMode.Monitoring,  // steps back: the customer sees them leave
        [(SupervisionMode.Joined, SupervisorAction.Whisper)] = SupervisionMode.Joined,      // a joined supervisor still coaches, and stays visible
        [(SupervisionMode.Joined, SupervisorAction.Barge)] = SupervisionMode.Joined,
        [(SupervisionMode.Joined, SupervisorAction.TakeOver)] = SupervisionMode.TookOver,
        [(SupervisionMode.Joined, SupervisorAction.Leave)] = SupervisionMode.Left,
    };

    /// <summary>The mode the action leads to, or null when it is not allowed from there.</summary>
    public static SupervisionMode? Next(SupervisionMode? from, SupervisorAction action) => Moves.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>Modes in which the supervisor is still in the chat.</summary>
    public static bool IsOpen(SupervisionMode mode) => mode is SupervisionMode.Monitoring or SupervisionMode.Coaching or SupervisionMode.Joined;

    /// <summary>The customer sees the supervisor from barge-in (and after a take-over, as the owner).</summary>
    public static bool VisibleToCustomer(SupervisionMode? mode) => mode is SupervisionMode.Joined or SupervisionMode.TookOver;

    /// <summary>What the agents in the chat are told: everything but a silent monitor when the setting hides it.</summary>
    public static IReadOnlyList<SupervisorInChat> ForAgents(IReadOnlyList<SupervisorInChat> all, bool showMonitor) =>
        showMonitor ? all : all.Where(s => s.Mode != SupervisionMode.Monitoring).ToList();

    /// <summary>The audit log's action name: supervisor.monitor, supervisor.whisper, supervisor.barge, supervisor.take-over, supervisor.leave.</summary>
    public static string AuditAction(SupervisorAction action) => action switch
    {
        SupervisorAction.TakeOver => "supervisor.take-over",
        _ => "supervisor." + action.ToString().ToLowerInvariant(),
    };
}
