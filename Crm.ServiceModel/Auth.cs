using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

public class Login : IReturn<CurrentUser>
{
    [Required(ErrorMessage = "Give your user name.")]
    [MaxLength(100, ErrorMessage = "A user name is at most 100 characters.")] public string UserName { get; set; } = "";
    [Required(ErrorMessage = "Give your password.")]
    [MaxLength(200, ErrorMessage = "A password is at most 200 characters.")] public string Password { get; set; } = "";
}

public record CurrentUser(string UserName, string DisplayName, IReadOnlyList<string> Roles);
