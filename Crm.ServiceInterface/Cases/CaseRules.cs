namespace Crm.ServiceInterface.Cases;

public static class CaseStatus
{
    public const string Open = "Open";
    public const string Closed = "Closed";
    public static readonly IReadOnlyList<string> All = [Open, Closed];

    public static string? Canonical(string name) => All.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase));
}

public static class CasePriority
{
    public const string Normal = "Normal";
    public static readonly IReadOnlyList<string> All = ["Low", Normal, "High", "Urgent"];

    public static string? Canonical(string name) => All.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A move in the case life cycle: the status it needs, the status it leaves, and the history action it writes.</summary>
public sealed record CaseTransition(string Action, string From, string To);

/// <summary>The case life cycle, all of it: Open and Closed, and the two ways between them.</summary>
public static class CaseTransitions
{
    public static readonly CaseTransition Close = new(CaseHistoryActions.Closed, CaseStatus.Open, CaseStatus.Closed);
    public static readonly CaseTransition Reopen = new(CaseHistoryActions.Reopened, CaseStatus.Closed, CaseStatus.Open);
}

/// <summary>The action names case_history holds; the desktop shows them as they are.</summary>
public static class CaseHistoryActions
{
    public const string Created = "created";
    public const string Assigned = "assigned";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
    public const string NoteAdded = "note added";
}

/// <summary>The 8x8 "closed case automatic re-opening time limit": never, always, or within N days of closing.</summary>
public static class CaseReopenRules
{
    public const string SettingKey = "cases.reopen_policy";
    public const string Never = "never";
    public const string Always = "always";
    public const string Within = "within";
    public const int MaxDays = 3650;
    public static readonly IReadOnlyList<string> Modes = [Never, Always, Within];
    public static readonly CaseReopenPolicy Default = new(Never, null);

    /// <summary>The policy as stored: mode in lower case, days only with "within".</summary>
    public static CaseReopenPolicy Validate(CaseReopenPolicy? policy)
    {
        var mode = Modes.FirstOrDefault(m => string.Equals(m, policy?.Mode?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Problem.Invalid("mode", "Choose when a closed case reopens: never, always, or within a number of days.");
        if (mode != Within) return new CaseReopenPolicy(mode, null);
        if (policy!.Days is not { } days || days < 1 || days > MaxDays)
            throw Problem.Invalid("days", $"Give the number of days, from 1 to {MaxDays:N0}, within which a closed case reopens.");
        return new CaseReopenPolicy(mode, days);
    }

    /// <summary>Whether a case closed at <paramref name="closedAt"/> reopens on a new contact at <paramref name="now"/> (unix ms).</summary>
    public static bool Reopens(CaseReopenPolicy policy, long closedAt, long now) => policy.Mode switch
    {
        Always => true,
        Within => now - closedAt <= policy.Days.GetValueOrDefault() * 86_400_000L,
        _ => false,
    };
}
