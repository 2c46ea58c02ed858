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

    /// <summary>The reason codes agents choose from when going On Break.</summary>
    public IReadOnlyList<string> BreakReasons { get; set; } = ["Break", "Lunch", "Meeting", "Training", "Coaching", "Personal"];

    /// <summary>How often the sweep re-checks the queues and overdue timers, in case a signal or a job was lost.</summary>
    public int SweepSeconds { get; set; } = 5;

    /// <summary>How long every desktop stream of an agent may be gone before they are taken out of routing (Disconnected).</summary>
    public int DisconnectSeconds { get; set; } = 60;
}
