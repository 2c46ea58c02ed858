namespace Crm.ServiceInterface.Routing;

// Rows are classes with setters: Dapper converts by name, where record constructors fail on SQLite's untyped columns.

internal sealed class ConversationRow
{
    public long Id { get; set; }
    public string Channel { get; set; } = "";
    public string Address { get; set; } = "";
    public long? CustomerId { get; set; }
    public long QueueId { get; set; }
    public string State { get; set; } = "";
    public long? OwnerId { get; set; }
    public long? ExcludedAgentId { get; set; }
    public long? ExcludedUntil { get; set; }
    public string? Source { get; set; }
    public long WaitingSince { get; set; }
    public long CreatedAt { get; set; }
    public long? EndedAt { get; set; }

    public const string Columns = "id, channel, address, customer_id AS CustomerId, queue_id AS QueueId, state, owner_id AS OwnerId, " +
        "excluded_agent_id AS ExcludedAgentId, excluded_until AS ExcludedUntil, source, waiting_since AS WaitingSince, " +
        "created_at AS CreatedAt, ended_at AS EndedAt";
}

internal sealed class ParticipationRow
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public long AgentId { get; set; }
    public string Kind { get; set; } = "";
    public string State { get; set; } = "";
    public long OfferedAt { get; set; }
    public long? ExpiresAt { get; set; }

    public const string Columns = "id, conversation_id AS ConversationId, agent_id AS AgentId, kind, state, offered_at AS OfferedAt, expires_at AS ExpiresAt";

    /// <summary>The agent's part in a conversation in one state ("my active participation", "my offer"), by @conversationId and @agentId.</summary>
    public static string OfAgentSql(string state) =>
        $"SELECT {Columns} FROM participations WHERE conversation_id = @conversationId AND agent_id = @agentId AND state = {StateSql.Of(state)}";
}

internal sealed class AgentRow
{
    public long UserId { get; set; }
    public string DisplayName { get; set; } = "";
    public string State { get; set; } = "";
    public string? ReasonCode { get; set; }
    public long Since { get; set; }
    public long? PostProcessingUntil { get; set; }
    public int Capacity { get; set; }
    public bool CanReject { get; set; }
    /// <summary>The agent's own reject policy (OnBreak or RONA); null: the global setting.</summary>
    public string? RejectPolicy { get; set; }
}
