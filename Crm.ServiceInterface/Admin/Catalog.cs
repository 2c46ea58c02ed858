namespace Crm.ServiceInterface.Admin;

/// <summary>One of the ordered lists agents pick from; all share one service, each names its table and its words.</summary>
public sealed record Catalog(string Route, string Table, string Entity, string Label, bool HasCode)
{
    public static readonly Catalog WrapUpReasons = new("wrapup-reasons", "wrapup_reasons", "wrapup_reason", "wrap-up reason", false);
    public static readonly Catalog TransactionCodes = new("transaction-codes", "transaction_codes", "transaction_code", "transaction code", true);
    public static readonly Catalog BreakReasons = new("break-reasons", "break_reasons", "break_reason", "break reason", false);

    public static readonly IReadOnlyList<Catalog> All = [WrapUpReasons, TransactionCodes, BreakReasons];

    public const int NameMax = 100;
    public const int CodeMax = 30;

    /// <summary>The column that must be unique: the code for transaction codes, else the name.</summary>
    internal string UniqueColumn => HasCode ? "code" : "name";
}
