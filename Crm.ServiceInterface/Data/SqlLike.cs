namespace Crm.ServiceInterface.Data;

/// <summary>LIKE patterns for "contains", written once: used as <c>lower(col) LIKE @pattern ESCAPE '\'</c> on both dialects.</summary>
public static class SqlLike
{
    /// <summary>The lower-cased pattern for <paramref name="text"/> anywhere in a value, its wildcards and the escape itself escaped.</summary>
    public static string Contains(string text) =>
        "%" + text.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
