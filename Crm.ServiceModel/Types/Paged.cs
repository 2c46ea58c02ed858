namespace Crm.ServiceModel;

/// <summary>One page of a longer list.</summary>
public record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
