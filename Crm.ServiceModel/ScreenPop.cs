namespace Crm.ServiceModel;

/// <summary>What pops when a chat is offered: one of a known customer, several candidates to pick from, or a new-customer form.</summary>
public record ScreenPop(
    string Kind,                                   // "customer", "candidates" or "new"
    CustomerDto? Customer,
    IReadOnlyList<CaseSummary> RecentCases,
    IReadOnlyList<ContactHistoryEntry> RecentContactHistory,
    IReadOnlyList<CustomerDto> Candidates,
    NewCustomerForm? NewCustomer);

/// <summary>One contact with the customer on any channel: a conversation, or a case saved from one.</summary>
public record ContactHistoryEntry(string Kind, long Id, string? Channel, string Summary, string? AgentName, long At);

/// <summary>The new-customer form, filled with what the channel told us.</summary>
public record NewCustomerForm(string Channel, string Address, string? SuggestedName, IReadOnlyList<CustomFieldDefinition> CustomFields);
