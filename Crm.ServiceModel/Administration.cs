namespace Crm.ServiceModel;

// Administration of the contact center (Admin role): queues, skills, agents' routing profiles, the catalogs agents pick
// from (wrap-up reasons, transaction codes, break reasons, FAQ answers). Lists are ordered; DELETE retires, never deletes.

/// <summary>A queue as admins configure it; acceptance and post processing are null when the global default applies.</summary>
public record AdminQueueDto(
    long Id, string Name, bool Enabled, IReadOnlyList<long> SkillIds, IReadOnlyList<long> MemberIds, int? AcceptanceSeconds,
    int? PostProcessingSeconds, bool TransactionCodesMandatory, int ServiceLevelSeconds, bool SaveTranscriptAtWrapUp, bool Retired,
    long? BusinessHoursId = null, string? ClosedMessage = null);

public class SaveQueue : IReturn<AdminQueueDto>
{
    public string? Name { get; set; }
    public bool? Enabled { get; set; }
    public List<long>? SkillIds { get; set; }
    /// <summary>The agents (user ids) who take this queue's chats.</summary>
    public List<long>? MemberIds { get; set; }
    /// <summary>Seconds an offer waits for Accept; null or missing: Crm:Routing:AcceptanceSeconds.</summary>
    public int? AcceptanceSeconds { get; set; }
    /// <summary>Seconds of post processing after a chat; null or missing: Crm:Routing:PostProcessingSeconds.</summary>
    public int? PostProcessingSeconds { get; set; }
    public bool? TransactionCodesMandatory { get; set; }
    /// <summary>A chat answered within this many seconds counts as within the service level; 60 when missing.</summary>
    public int? ServiceLevelSeconds { get; set; }
    /// <summary>Submit Wrap Up files the transcript as a case itself, as if the agent had pressed Save to CRM.</summary>
    public bool? SaveTranscriptAtWrapUp { get; set; }
    /// <summary>The queue's own business hours (and so its special days); null or missing: always open.</summary>
    public long? BusinessHoursId { get; set; }
    /// <summary>What a customer is told when their chat enters the queue while it is closed ({opens} is the next opening); empty: the entry point's.</summary>
    public string? ClosedMessage { get; set; }
}

public record SkillDto(long Id, string Name, bool Retired);

public class SaveSkill : IReturn<SkillDto>
{
    public string? Name { get; set; }
}

/// <summary>An agent's routing profile; RejectPolicy null means the global Crm:Routing:RejectPolicy.</summary>
public record AdminAgentDto(
    long Id, string UserName, string DisplayName, int Capacity, bool CanReject, IReadOnlyList<long> SkillIds, IReadOnlyList<long> QueueIds,
    string? RejectPolicy, bool Deactivated);

public class SaveAgentProfile : IReturn<AdminAgentDto>
{
    /// <summary>Chats at once, 1 to 6.</summary>
    public int? Capacity { get; set; }
    public bool? CanReject { get; set; }
    public List<long>? SkillIds { get; set; }
    public List<long>? QueueIds { get; set; }
    /// <summary>OnBreak or RONA: where a reject or a missed offer puts this agent; null or empty: the global setting.</summary>
    public string? RejectPolicy { get; set; }
}

/// <summary>A wrap-up reason, a transaction code (with its Code) or a break reason, in the order agents see them.</summary>
public record CatalogItemDto(long Id, string Name, string? Code, int Position, bool Retired);

public class SaveCatalogItem : IReturn<CatalogItemDto>
{
    public string? Name { get; set; }
    /// <summary>Transaction codes only: the short code agents pick ("SALE-NEW").</summary>
    public string? Code { get; set; }
}

/// <summary>The new order of a list: its items' ids, first to last.</summary>
public class ReorderCatalog
{
    public List<long>? Ids { get; set; }
}

public record AdminFaqDto(long Id, string Title, string Text, IReadOnlyList<string> Tags, IReadOnlyList<long> QueueIds, int Position, bool Retired);

public class SaveFaqAnswer : IReturn<AdminFaqDto>
{
    public string? Title { get; set; }
    public string? Text { get; set; }
    public List<string>? Tags { get; set; }
    /// <summary>The queues whose agents see it first; none: every queue.</summary>
    public List<long>? QueueIds { get; set; }
}
