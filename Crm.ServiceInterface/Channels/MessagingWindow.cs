namespace Crm.ServiceInterface.Channels;

public enum WindowState
{
    /// <summary>The channel lets the business write at any time (SMS, X, web chat).</summary>
    NoWindow,
    Open,
    /// <summary>Messenger, 24 h to 7 days after the customer's last message: only with the HUMAN_AGENT tag.</summary>
    HumanAgentTagRequired,
    Closed,
}

/// <summary>
/// When a business may still answer: WhatsApp's customer-service window is 24 h after the customer's last message;
/// Messenger's standard window is 24 h, 7 days with the HUMAN_AGENT tag when the page may use it; SMS and X have none.
/// </summary>
public static class MessagingWindow
{
    /// <summary>The unix-ms instant the window closes (exclusive), or null when the channel has no window.</summary>
    public static long? ClosesAt(string channel, long lastInboundAt, bool humanAgentTagEnabled)
    {
        var rule = Rule(channel);
        if (rule is null) return null;
        var length = humanAgentTagEnabled && rule.WithHumanAgentTag is { } tag ? tag : rule.Standard;
        return lastInboundAt + (long)length.TotalMilliseconds;
    }

    /// <summary>Whether a message may go out at <paramref name="now"/>, and for Messenger whether it needs the HUMAN_AGENT tag.</summary>
    public static WindowState StateAt(string channel, long lastInboundAt, long now, bool humanAgentTagEnabled)
    {
        if (ClosesAt(channel, lastInboundAt, humanAgentTagEnabled) is not { } closesAt) return WindowState.NoWindow;
        if (now >= closesAt) return WindowState.Closed;
        return now < lastInboundAt + (long)Rule(channel)!.Standard.TotalMilliseconds ? WindowState.Open : WindowState.HumanAgentTagRequired;
    }

    private static MessagingWindowRule? Rule(string channel) =>
        (ChannelCatalog.Find(channel) ?? throw new ArgumentException(
            $"'{channel}' is not a channel; use {string.Join(", ", ChannelCatalog.All.Select(c => c.Name))}.", nameof(channel))).Window;
}
