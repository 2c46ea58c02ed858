namespace Crm.ServiceInterface.Conversations;

/// <summary>Notices the customer reads in the thread; the web chat page tells from them that the chat waits for an agent again.</summary>
public static class CustomerNotices
{
    public const string BeingTransferred = "You are being transferred to another agent";
    public const string WaitingForNextAgent = "You are waiting for the next available agent";
}
