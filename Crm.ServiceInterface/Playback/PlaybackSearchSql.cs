namespace Crm.ServiceInterface.Playback;

/// <summary>
/// The one dialect-specific piece of playback: how "messages whose text contains q" is found through the index each engine has
/// (an FTS5 trigram table on SQLite, a pg_trgm GIN index on lower(text) on PostgreSQL). Everything else is shared SQL.
/// </summary>
public static class PlaybackSearchSql
{
    /// <summary>Trigram indexes cannot match fewer than three characters: shorter searches are refused in words, never scanned.</summary>
    public const int MinLength = 3;

    /// <summary>A condition on messages aliased <c>m</c>, using @match (SQLite's FTS phrase) or @pattern (a lower-cased LIKE).</summary>
    public static string MessageMatches(string provider) => provider switch
    {
        "sqlite" => "m.id IN (SELECT rowid FROM message_search WHERE message_search MATCH @match)",
        "postgres" => "lower(m.text) LIKE @pattern ESCAPE '\\'",
        _ => throw new InvalidOperationException($"No playback search for the database provider '{provider}'."),
    };

    /// <summary>The FTS5 phrase for <paramref name="q"/>: quoted, so its words and symbols are matched as written.</summary>
    public static string Match(string q) => "\"" + q.Replace("\"", "\"\"") + "\"";
}
