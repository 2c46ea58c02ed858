namespace Crm.ServiceModel;

/// <summary>The roles a user can hold; a user may hold several.</summary>
public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string BackOffice = "BackOffice";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, BackOffice, Admin];

    /// <summary>The canonical spelling of a role name, or null when it is not a role.</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase));
}
