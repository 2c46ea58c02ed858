namespace Crm.ServiceInterface.Auth;

/// <summary>A user row as the sign-in checks need it.</summary>
public sealed class UserAccount
{
    public long Id { get; init; }
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
    public string PasswordHash { get; init; } = "";
    public long? LockedUntil { get; init; }
    public long SecurityStamp { get; init; }
    public long? DeactivatedAt { get; init; }
}

/// <summary>Who is signed in: what the cookie and API key carry; the stamp ties a cookie to the account's current state.</summary>
public sealed record SignedInUser(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, long Stamp = 0)
{
    public CurrentUser ToDto() => new(UserName, DisplayName, Roles);
}

public sealed class SignInOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
