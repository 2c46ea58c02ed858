namespace Crm.ServiceInterface.Supervision;

public sealed class MonitorOptions
{
    /// <summary>The service level's threshold: a chat answered within this many seconds of arriving counts as in time.</summary>
    public int ServiceLevelSeconds { get; set; } = 60;
}
