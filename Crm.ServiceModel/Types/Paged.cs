namespace Crm.ServiceModel;

/// <summary>One page of a longer list.</summary>
/// <remarks>
/// When <see cref="TotalIsLowerBound"/> is true there are at least <see cref="Total"/> items; counting them all would cost more than it tells.
/// </remarks>
public record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize, bool TotalIsLowerBound = false);
