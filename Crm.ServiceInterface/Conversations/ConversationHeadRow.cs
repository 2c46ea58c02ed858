namespace Crm.ServiceInterface.Conversations;

/// <summary>A conversation as every list of them starts: which chat, on what channel, in which state and queue, with which customer.</summary>
internal class ConversationHeadRow
{
    public long Id { get; set; }
    public string Channel { get; set; } = "";
    public string State { get; set; } = "";
    public string QueueName { get; set; } = "";
    public long? CustomerId { get; set; }
    public string? CustomerName { get; set; }
    public string Address { get; set; } = "";
}
