using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>A message as the desktop shows it. Direction is in, out or system; author kind is customer, agent, bot or system.</summary>
/// <remarks>
/// While <see cref="Status"/> is "retrying", <see cref="Error"/> says why the platform refused it and <see cref="NextAttemptAt"/> when it is tried again.
/// </remarks>
public record MessageDto(
    long Id, string Direction, string AuthorKind, string? AuthorName, string Text, string? ChannelMessageId,
    string Status, string? Error, long SentAt, long? NextAttemptAt = null, int SendAttempts = 0)
{
    /// <summary>A line that is an action on the customer's public post (like, retweet, hide, unhide, private_reply), sent by the outbox.</summary>
    public string? PublicAction { get; init; }

    /// <summary>The customer edited their comment: when, and what it first said (kept for playback).</summary>
    public long? EditedAt { get; init; }
    public string? OriginalText { get; init; }

    /// <summary>The customer removed their comment or post.</summary>
    public long? RemovedAt { get; init; }
}

/// <summary>An agent's part in the conversation: route or transfer (owner), conference (guest); Offered, Active, WrapUp, Done...</summary>
public record ParticipantDto(long Id, long AgentId, string AgentName, string Kind, string State, long OfferedAt, long? ExpiresAt, long? AcceptedAt);

/// <remarks><see cref="WindowClosesAt"/>: when WhatsApp's or Messenger's messaging window closes (the composer locks then); null when the channel has none.
/// <see cref="Public"/>: a public post (X mention): replies go under the post until the agent moves it to private messages.</remarks>
public record ConversationDto(
    long Id, string Channel, string Address, string State, long QueueId, string QueueName, long? CustomerId, string? CustomerName,
    long? OwnerId, string? OwnerName, string? Source, long WaitingSince, long CreatedAt, long? EndedAt, long? ClosedAt,
    IReadOnlyList<ParticipantDto> Participants, IReadOnlyList<MessageDto> Messages, ParticipantDto? Mine, bool TransactionCodesMandatory,
    long? WindowClosesAt = null, bool Public = false)
{
    /// <summary>The other half of a Facebook comment answered in private: the Messenger chat it led to, or the comment it came from.</summary>
    public long? LinkedConversationId { get; init; }

    /// <summary>The address as people read it ("+44 20 7946 0123").</summary>
    public string AddressFormatted { get; init; } = Address;
}

/// <summary>One row of the Inbox or "Assigned to you" list (Talkdesk): last message time and preview, unread count.</summary>
public record ConversationListItem(
    long Id, string Channel, string State, string QueueName, long? CustomerId, string? CustomerName, string Address,
    long? LastMessageAt, string? LastMessagePreview, int Unread, long WaitingSince)
{
    /// <summary>The address as people read it ("+44 20 7946 0123").</summary>
    public string AddressFormatted { get; init; } = Address;
}

public record ConversationGroup(string Channel, IReadOnlyList<ConversationListItem> Conversations, int Unread);

public record ConversationList(string View, int Total, IReadOnlyList<ConversationGroup> Groups);

/// <summary>What an offer brings the agent: the conversation so far (any bot transcript) and the screen pop.</summary>
public record OfferDto(
    long ParticipationId, long ConversationId, string Kind, string Channel, string Address, string QueueName, string? CustomerName,
    string? Source, string? FromAgent, long OfferedAt, long ExpiresAt, ScreenPop ScreenPop, IReadOnlyList<MessageDto> Transcript)
{
    /// <summary>The address as people read it ("+44 20 7946 0123").</summary>
    public string AddressFormatted { get; init; } = Address;
}

public class SendMessage : IReturn<MessageDto>
{
    [Required(ErrorMessage = "Write a message first.")]
    [MaxLength(4000, ErrorMessage = "A message is at most 4,000 characters.")] public string Text { get; set; } = "";
    /// <summary>Only "text" (plain text) is supported; rich text is refused.</summary>
    public string? Format { get; set; }
    /// <summary>File attachments are not supported; any here is refused.</summary>
    public List<string>? Attachments { get; set; }
}

public class TransferConversation : IReturn<ConversationDto>
{
    public long? QueueId { get; set; }
    public long? AgentId { get; set; }
}

public class ConferenceConversation : IReturn<ConversationDto>
{
    [Range(1, long.MaxValue, ErrorMessage = "Choose the agent to invite.")] public long AgentId { get; set; }
}

public class WrapUpConversation : IReturn<ConversationDto>
{
    /// <summary>One or more wrap-up reasons (Webex allows several at once).</summary>
    public List<long> ReasonIds { get; set; } = [];
    /// <summary>Transaction codes by code (e.g. "SALE-NEW") or id; mandatory in some queues (8x8).</summary>
    public List<string> TransactionCodes { get; set; } = [];
}

public class SaveToCrm : IReturn<CaseDto>
{
    [MaxLength(200, ErrorMessage = "A subject is at most 200 characters.")] public string? Subject { get; set; }
    public List<string> TransactionCodes { get; set; } = [];
}
