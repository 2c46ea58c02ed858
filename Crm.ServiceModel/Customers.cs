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
    [Required(ErrorMessage = "Choose the identity's channel: phone, email, messenger, x or webchat.")]
    [MaxLength(20, ErrorMessage = "A channel name is at most 20 characters.")] public string Channel { get; set; } = "";
    [Required(ErrorMessage = "Give the identity's address: a phone number, an email address or a handle.")]
    [MaxLength(320, ErrorMessage = "An address is at most 320 characters.")] public string Address { get; set; } = "";
    /// <summary>How to show it, e.g. an X handle; optional.</summary>
    [MaxLength(100, ErrorMessage = "How the identity is shown is at most 100 characters.")] public string? Display { get; set; }
}

public class CreateCustomer : IReturn<CustomerDto>
{
    [Required(ErrorMessage = "Give the customer a name.")]
    [MaxLength(200, ErrorMessage = "A customer's name is at most 200 characters.")] public string Name { get; set; } = "";
    [MaxLength(4000, ErrorMessage = "Notes are at most 4,000 characters.")] public string? Notes { get; set; }
    public Dictionary<string, string?> CustomFields { get; set; } = [];
    public List<IdentityInput> Identities { get; set; } = [];
}

/// <summary>Replaces the record: name, notes, custom fields and the identities.</summary>
public class UpdateCustomer : IReturn<CustomerDto>
{
    [Required(ErrorMessage = "Give the customer a name.")]
    [MaxLength(200, ErrorMessage = "A customer's name is at most 200 characters.")] public string Name { get; set; } = "";
    [MaxLength(4000, ErrorMessage = "Notes are at most 4,000 characters.")] public string? Notes { get; set; }
    public Dictionary<string, string?> CustomFields { get; set; } = [];
    public List<IdentityInput> Identities { get; set; } = [];
}

public class MergeCustomers : IReturn<CustomerDto>
{
    /// <summary>The duplicate: its identities, conversations and cases move onto the customer in the route, then it is gone.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Choose the customer to merge into this one.")] public long OtherId { get; set; }
}

/// <summary>One change of a record; ActorName is who made it by display name, as people are shown everywhere.</summary>
public record AuditEntry(long At, string? UserName, string Action, string? Detail, string? ActorName);

public record CustomFieldDefinition(long Id, string Key, string Label, string Type, IReadOnlyList<string> Options, int SortOrder);

public class SaveCustomField : IReturn<CustomFieldDefinition>
{
    [Required(ErrorMessage = "Give the field a key, like loyalty_tier.")]
    [RegularExpression("^[a-z][a-z0-9_]{0,49}$", ErrorMessage = "A key is lower-case letters, digits and '_', starting with a letter.")]
    public string Key { get; set; } = "";
    [Required(ErrorMessage = "Give the field a label.")]
    [MaxLength(100, ErrorMessage = "A label is at most 100 characters.")] public string Label { get; set; } = "";
    /// <summary>text, number, date, url or picklist.</summary>
    [Required(ErrorMessage = "Choose the field's type: text, number, date, url or picklist.")] public string Type { get; set; } = "text";
    public List<string> Options { get; set; } = [];
    public int SortOrder { get; set; }
}
