namespace Crm.ServiceInterface.Routing;

public sealed class RoutingOptions
{
    /// <summary>The acceptance interval when the queue sets none.</summary>
    public int AcceptanceSeconds { get; set; } = 30;

    /// <summary>How long post processing lasts when the queue sets none.</summary>
    public int PostProcessingSeconds { get; set; } = 60;

    /// <summary>Where a reject or a lapse puts the agent: OnBreak (8x8, default) or RONA (Webex).</summary>
    public string RejectPolicy { get; set; } = AgentState.OnBreak;

    /// <summary>The queue every channel entry point lands in unless it names another.</summary>
    public string DefaultQueue { get; set; } = "Support";

    /// <summary>Each channel entry point's queue by channel name (webchat, messenger, whatsapp, sms, x); unnamed ones use <see cref="DefaultQueue"/>.</summary>
    public Dictionary<string, string> EntryPoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The break reasons the first start copies into the database (then admins keep them); null: <see cref="DefaultBreakReasons"/>.</summary>
    /// <remarks>Null by default: the configuration binder appends a configured list to a non-empty default instead of replacing it.</remarks>
    public List<string>? BreakReasons { get; set; }

    public static readonly IReadOnlyList<string> DefaultBreakReasons = ["Break", "Lunch", "Meeting", "Training", "Coaching", "Personal"];

    /// <summary>Send to Inbox skips the sender for at most this long (while another eligible agent is at work); then they may be offered it again.</summary>
    public int SendToInboxSkipSeconds { get; set; } = 120;

    /// <summary>How often the sweep re-checks the queues and the stored deadlines, in case a signal was lost or another node set one.</summary>
    public int SweepSeconds { get; set; } = 5;

    /// <summary>How long every desktop stream of an agent may be gone before they are taken out of routing (Disconnected).</summary>
    public int DisconnectSeconds { get; set; } = 60;
}
