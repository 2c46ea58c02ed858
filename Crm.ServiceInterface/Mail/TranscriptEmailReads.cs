namespace Crm.ServiceInterface.Mail;

/// <summary>The states of a transcript e-mail; only the SMTP server's acceptance makes one sent.</summary>
public static class TranscriptEmailStatus
{
    public const string Queued = "queued", Sent = "sent", Failed = "failed";
}

/// <summary>Reads of transcript e-mails, for the API and the conversation's timeline.</summary>
public static class TranscriptEmailReads
{
    internal const string Select = """
        SELECT id, conversation_id AS ConversationId, recipient, time_zone AS TimeZone, status, attempts, error, next_attempt_at AS NextAttemptAt,
               retry_until AS RetryUntil, requested_at AS RequestedAt, sent_at AS SentAt FROM transcript_emails
        """;

    public static async Task<TranscriptEmailDto?> OneAsync(DbConnection c, long id) =>
        (await c.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id }))?.ToDto();

    public static async Task<IReadOnlyList<TranscriptEmailDto>> ForConversationAsync(DbConnection c, long conversationId) =>
        (await c.QueryAsync<Row>($"{Select} WHERE conversation_id = @conversationId ORDER BY requested_at, id", new { conversationId }))
        .Select(r => r.ToDto()).ToList();

    /// <summary>"Transcript e-mailed to a@b.c: failed (reason), trying again at ...", as the timeline says it.</summary>
    public static string Describe(TranscriptEmailDto e) => e.Status switch
    {
        TranscriptEmailStatus.Sent => $"Transcript e-mailed to {e.To}: sent",
        TranscriptEmailStatus.Failed => $"Transcript e-mailed to {e.To}: failed ({e.Error}){(e.NextAttemptAt is null ? "" : "; it will be tried again")}",
        _ => $"Transcript e-mailed to {e.To}: queued",
    };

    internal sealed class Row
    {
        public long Id { get; set; }
        public long ConversationId { get; set; }
        public string Recipient { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public string? Error { get; set; }
        public long? NextAttemptAt { get; set; }
        public long RetryUntil { get; set; }
        public long RequestedAt { get; set; }
        public long? SentAt { get; set; }

        public TranscriptEmailDto ToDto() => new(Id, ConversationId, Recipient, Status, Attempts, Error, RequestedAt, SentAt, NextAttemptAt);
    }
}
