using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>A user; Deactivated users cannot sign in and keep their history.</summary>
public record UserDto(long Id, string UserName, string DisplayName, string? Email, IReadOnlyList<string> Roles, long? LockedUntil, bool Deactivated = false);

public class CreateUser : IReturn<UserDto>
{
    [Required(ErrorMessage = "Give the user a user name.")]
    [RegularExpression("^[A-Za-z0-9._-]{2,50}$", ErrorMessage = "A user name is 2 to 50 letters, digits, '.', '_' or '-'.")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Give the user a display name.")]
    [MaxLength(100, ErrorMessage = "A display name is at most 100 characters.")] public string DisplayName { get; set; } = "";

    [EmailAddress(ErrorMessage = "Give an email address like name@example.com, or leave it empty.")]
    [MaxLength(200, ErrorMessage = "An email address is at most 200 characters.")] public string? Email { get; set; }

    [Required(ErrorMessage = "Give the user a password of at least 8 characters.")]
    [MinLength(8, ErrorMessage = "A password has at least 8 characters."), MaxLength(200, ErrorMessage = "A password is at most 200 characters.")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "A user needs at least one role."), MinLength(1, ErrorMessage = "A user needs at least one role.")]
    public List<string> Roles { get; set; } = [];
}

public record ApiKeyDto(long Id, string Name, string Prefix, long CreatedAt, long? RevokedAt);

/// <summary>The only time the key itself is shown.</summary>
public record ApiKeyCreated(long Id, string Name, string Prefix, string Key, long CreatedAt);

public class CreateApiKey : IReturn<ApiKeyCreated>
{
    [Required(ErrorMessage = "Give the key a name, like the integration it is for.")]
    [MaxLength(100, ErrorMessage = "A key's name is at most 100 characters.")] public string Name { get; set; } = "";
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
