using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>A user; Deactivated users cannot sign in and keep their history.</summary>
public record UserDto(long Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, long? LockedUntil, bool Deactivated = false);

public class CreateUser : IReturn<UserDto>
{
    [Required, RegularExpression("^[A-Za-z0-9._-]{2,50}$", ErrorMessage = "A user name is 2 to 50 letters, digits, '.', '_' or '-'.")]
    public string UserName { get; set; } = "";

    [Required, MaxLength(100)] public string DisplayName { get; set; } = "";

    [EmailAddress, MaxLength(200)] public string? Email { get; set; }

    [Required, MinLength(8, ErrorMessage = "A password has at least 8 characters."), MaxLength(200)]
    public string Password { get; set; } = "";

    [Required, MinLength(1, ErrorMessage = "A user needs at least one role.")]
    public List<string> Roles { get; set; } = [];
}

public record ApiKeyDto(long Id, string Name, string Prefix, long CreatedAt, long? RevokedAt);

/// <summary>The only time the key itself is shown.</summary>
public record ApiKeyCreated(long Id, string Name, string Prefix, string Key, long CreatedAt);

public class CreateApiKey : IReturn<ApiKeyCreated>
{
    [Required, MaxLength(100)] public string Name { get; set; } = "";
}

public class UpdateUser : IReturn<UserDto>
{
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public List<string>? Roles { get; set; }
}

public class ResetPassword : IReturn<UserDto>
{
    public string? Password { get; set; }
}
