namespace Crm.ServiceModel;

/// <summary>One conversation in the playback list: who, where, when, how long, how it was wrapped up, and the messages that matched.</summary>
public record PlaybackRow(
    long Id, long? CustomerId, string? CustomerName, string Channel, long QueueId, string Queue, IReadOnlyList<string> Agents,
    long StartedAt, long? EndedAt, long DurationMs, IReadOnlyList<string> WrapUpReasons, IReadOnlyList<string> TransactionCodes,
    int MessageCount, string State, IReadOnlyList<PlaybackMatch> Matches)
{
    /// <summary>Who wrote first: customer (inbound), agent or integration (outbound).</summary>
    public string StartedBy { get; init; } = "customer";
    /// <summary>The agent, or the user the integration's API key acts as, who started an outbound conversation.</summary>
    public string? StartedByName { get; init; }
}

/// <summary>A message whose text matched the search (the client marks each occurrence of the search text in it).</summary>
public record PlaybackMatch(long MessageId, string Text);

/// <summary>The kinds of step a conversation's timeline shows, in the words the page uses.</summary>
public enum PlaybackEntryKind
{
    CustomerMessage, AgentMessage, BotMessage, SystemMessage, Whisper,
    Offered, Accepted, Rejected, Missed, Withdrawn, Left, SentToInbox, Transferred, ConferenceRequested,
    WrapUp, PostProcessing, CaseSaved, Supervisor, TranscriptEmailed,
    /// <summary>The business wrote first: an agent or an integration started the conversation (outbound).</summary>
    StartedOutbound,
    /// <summary>Public posts: a like, retweet, hide or private reply; the customer editing or removing their comment.</summary>
    PublicAction, PostEdited, PostRemoved,
}

/// <summary>One step of the timeline: when (unix ms and its offset from the start), what, by whom; messages carry their text.</summary>
public record PlaybackEntry(long At, long OffsetMs, PlaybackEntryKind Kind, string? Actor, string Text, long? MessageId = null, string? Status = null);

/// <summary>The whole conversation for playback: the list's row, pre-chat data, and every step in order.</summary>
public record PlaybackDetail(PlaybackRow Conversation, string Address, string? Source, string? VisitorEmail, IReadOnlyList<PlaybackEntry> Entries);

/// <summary>E-mail the conversation's transcript: the customer's address, your own, or any valid address.</summary>
public class EmailTranscript : IReturn<TranscriptEmailDto>
{
    /// <summary>Required; an e-mail address, at most 254 characters.</summary>
    public string? To { get; set; }
    /// <summary>The IANA zone the transcript's times are written in; the server's zone when left out.</summary>
    public string? TimeZone { get; set; }
}

/// <summary>The web chat visitor asks for the transcript at the address they gave when starting the chat.</summary>
public class EmailMyTranscript : IReturn<TranscriptEmailDto>
{
    /// <summary>The visitor's IANA zone (the browser's), so the times read as their own.</summary>
    public string? TimeZone { get; set; }
}

/// <summary>The status of one transcript e-mail: queued, sent (the SMTP server accepted it), failed (with the server's reason).</summary>
public record TranscriptEmailDto(long Id, long ConversationId, string To, string Status, int Attempts, string? Error, long RequestedAt,
    long? SentAt, long? NextAttemptAt);
