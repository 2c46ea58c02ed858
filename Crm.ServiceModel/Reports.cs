namespace Crm.ServiceModel;

/// <summary>
/// What a report was read with, stated back: the window (unix ms, from inclusive, to exclusive), the IANA time zone its
/// days and hours are counted in, the grouping, and the queue, agent and channel filters (null: all).
/// </summary>
public record ReportScopeDto(long From, long To, string TimeZone, string GroupBy, long? QueueId, long? AgentId, string? Channel);

/// <summary>
/// Conversations received in one bucket (a day "2026-12-01" or an hour "2026-12-01 09:00" in the scope's zone), or in total:
/// answered (an agent accepted), abandoned (the customer left before any agent accepted), transferred (at least once).
/// </summary>
public record VolumeBucketDto(string Bucket, long Start, int Received, int Answered, int Abandoned, int Transferred);

public record VolumeReportDto(ReportScopeDto Scope, VolumeBucketDto Total, IReadOnlyList<VolumeBucketDto> Buckets);

/// <summary>One duration measured over Count conversations: average and 90th percentile (nearest rank), milliseconds; null without any.</summary>
public record DurationStatDto(int Count, long? AverageMs, long? P90Ms);

/// <summary>
/// Speed of the conversations received in one bucket: wait (arrival to the first accept), first response (the first accept to the
/// first agent message; bots never count), handle (the first accept to the end) and post processing (each handling agent's
/// post processing after the chat, summed per conversation).
/// </summary>
public record SpeedBucketDto(string Bucket, long Start, DurationStatDto Wait, DurationStatDto FirstResponse, DurationStatDto Handle,
    DurationStatDto PostProcessing);

public record SpeedReportDto(ReportScopeDto Scope, SpeedBucketDto Total, IReadOnlyList<SpeedBucketDto> Buckets);

/// <summary>A wrap-up reason or transaction code: the conversations it was given to, and its share of all the picks of its kind (0..1).</summary>
public record WrapUpCountDto(long Id, string Name, int Count, double Share);

/// <summary>Reasons and codes given to the conversations received in the window; WrappedUp counts the conversations with any reason.</summary>
public record WrapUpReportDto(ReportScopeDto Scope, int WrappedUp, IReadOnlyList<WrapUpCountDto> Reasons, IReadOnlyList<WrapUpCountDto> TransactionCodes);

/// <summary>
/// One agent over the window: chats handled (accepted, of the conversations received in it), average handle time (accept to the
/// agent's end of the chat), milliseconds in each state (clipped to the window), signed in (every state but Offline), holding chats
/// (any chat accepted and not yet ended) and occupancy = holding / signed in.
/// </summary>
public record AgentReportRowDto(long AgentId, string DisplayName, int Handled, long? AverageHandleMs, IReadOnlyDictionary<string, long> StateMs,
    long SignedInMs, long HoldingMs, double? Occupancy);

public record AgentsReportDto(ReportScopeDto Scope, IReadOnlyList<string> States, IReadOnlyList<AgentReportRowDto> Agents);

/// <summary>
/// One queue against its own threshold: of the conversations received, answered within ThresholdSeconds of arriving, of those
/// answered or abandoned (chats still waiting count later). Null before any was answered or abandoned.
/// </summary>
public record ServiceLevelRowDto(long QueueId, string Queue, int ThresholdSeconds, int Received, int Answered, int AnsweredInTime, int Abandoned,
    double? ServiceLevel);

public record ServiceLevelReportDto(ReportScopeDto Scope, IReadOnlyList<ServiceLevelRowDto> Queues);

/// <summary>One conversation behind a figure, with the durations the speed report counts (milliseconds, null when it did not happen).</summary>
public record ReportConversationDto(long Id, long ReceivedAt, string Bucket, string Channel, long QueueId, string Queue, string? Customer,
    IReadOnlyList<string> Agents, string State, string Outcome, bool Transferred, long? WaitMs, long? FirstResponseMs, long? HandleMs,
    long? PostProcessingMs, IReadOnlyList<string> WrapUpReasons, IReadOnlyList<string> TransactionCodes);

/// <summary>The conversations behind a bar or slice: Total of them, the first <c>Limit</c> listed (the CSV has all), and the same list in playback.</summary>
public record ReportConversationsDto(ReportScopeDto Scope, int Total, int Limit, IReadOnlyList<ReportConversationDto> Conversations, string PlaybackUrl);
