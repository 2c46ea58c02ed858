using System.ComponentModel.DataAnnotations;

namespace Crm.ServiceModel;

/// <summary>Where an agent stands: Offline, Available, OnBreak, RONA or PostProcessing; load counts the chats held against capacity.</summary>
public record AgentDto(
    long Id, string UserName, string DisplayName, string State, string? ReasonCode, long Since,
    int Load, int Capacity, long? PostProcessingUntil, bool CanReject, IReadOnlyList<string> Queues)
{
    /// <summary>Set when the engine put the agent On Break or in RONA after a rejected or lapsed offer.</summary>
    public MissedOffer? MissedOffer { get; init; }
}

public class SetAgentState : IReturn<AgentDto>
{
    /// <summary>Available, OnBreak ("On Break"), Offline; from RONA or On Break only this brings the agent back.</summary>
    [Required(ErrorMessage = "Choose a state: Available, OnBreak or Offline.")] public string State { get; set; } = "";
    [MaxLength(100, ErrorMessage = "A reason code is at most 100 characters.")] public string? ReasonCode { get; set; }
}
