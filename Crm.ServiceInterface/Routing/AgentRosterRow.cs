namespace Crm.ServiceInterface.Routing;

/// <summary>An agent as every list of agents starts: who, their state (Offline before they ever chose one), since when, their capacity.</summary>
internal class AgentRosterRow
{
    /// <summary>The columns these rows are read with, from <see cref="From"/>; a list adds its own columns, joins and filter.</summary>
    public static readonly string Columns =
        $"u.id, u.user_name AS UserName, u.display_name AS DisplayName, COALESCE(s.state, {StateSql.Of(AgentState.Offline)}) AS State, " +
        "s.reason_code AS ReasonCode, COALESCE(s.since, u.created_at) AS Since, COALESCE(p.capacity, 1) AS Capacity";

    /// <summary>Every user with the Agent role, with their state and profile when they have one.</summary>
    public const string From =
        "users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'Agent' " +
        "LEFT JOIN agent_states s ON s.user_id = u.id LEFT JOIN agent_profiles p ON p.user_id = u.id";

    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string State { get; set; } = "";
    public string? ReasonCode { get; set; }
    public long Since { get; set; }
    public int Capacity { get; set; }
}
