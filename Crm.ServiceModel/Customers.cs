using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>How a customer is reached. Channel is the identity kind: phone, email, messenger, x or webchat.</summary>
public record IdentityDto(string Channel, string Address, string? Display)
{
    /// <summary>The address as people read it: "+44 20 7946 0123" for a phone stored as "+442079460123"; else the address.</summary>
    public string Formatted { get; init; } = Address;
}

public record CustomerDto(
    long Id, string Name, string? Notes, IReadOnlyDictionary<string, string?> CustomFields,
    IReadOnlyList<IdentityDto> Identities, long CreatedAt, long UpdatedAt);

public class IdentityInput
{
    /// <summary>Any channel name: phone, sms and whatsapp all mean the phone identity.</summary>
    [Required, MaxLength(20)] public string Channel { get; set; } = "";
    [Required, MaxLength(320)] public string Address { get; set; } = "";
    /// <summary>How to show it, e.g. an X handle; optional.</summary>
    [MaxLength(100)] public string? Display { get; set; }
}

public class CreateCustomer : IReturn<CustomerDto>
{
    [Required, MaxLength(200)] public string Name { get; set; } = "";
    [MaxLength(4000)] public string? Notes { get; set; }
    public Dictionary<string, string?> CustomFields { get; set; } = [];
    public List<IdentityInput> Identities { get; set; } = [];
}

/// <summary>Replaces the record: name, notes, custom fields and the identities.</summary>
public class UpdateCustomer : IReturn<CustomerDto>
{
    [Required, MaxLength(200)] public string Name { get; set; } = "";
    [MaxLength(4000)] public string? Notes { get; set; }
    public Dictionary<string, string?> CustomFields { get; set; } = [];
    public List<IdentityInput> Identities { get; set; } = [];
}

public class MergeCustomers : IReturn<CustomerDto>
{
    /// <summary>The duplicate: its identities, conversations and cases move onto the customer in the route, then it is gone.</summary>
    [Range(1, long.MaxValue)] public long OtherId { get; set; }
}

public record AuditEntry(long At, string? UserName, string Action, string? Detail);

public record CustomFieldDefinition(long Id, string Key, string Label, string Type, IReadOnlyList<string> Options, int SortOrder);

public class SaveCustomField : IReturn<CustomFieldDefinition>
{
    [Required, RegularExpression("^[a-z][a-z0-9_]{0,49}$", ErrorMessage = "A key is lower-case letters, digits and '_', starting with a letter.")]
    public string Key { get; set; } = "";
    [Required, MaxLength(100)] public string Label { get; set; } = "";
    /// <summary>text, number, date, url or picklist.</summary>
    [Required] public string Type { get; set; } = "text";
    public List<string> Options { get; set; } = [];
    public int SortOrder { get; set; }
}
