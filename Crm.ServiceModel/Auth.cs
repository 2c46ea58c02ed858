using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

public class Login : IReturn<CurrentUser>
{
    [Required, MaxLength(100)] public string UserName { get; set; } = "";
    [Required, MaxLength(200)] public string Password { get; set; } = "";
}

public record CurrentUser(string UserName, string DisplayName, IReadOnlyList<string> Roles);
