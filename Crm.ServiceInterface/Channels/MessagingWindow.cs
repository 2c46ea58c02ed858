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
    public static readonly long StandardMs = (long)TimeSpan.FromHours(24).TotalMilliseconds;
    public static readonly long HumanAgentMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;

    /// <summary>The unix-ms instant the window closes (exclusive), or null when the channel has no window.</summary>
    public static long? ClosesAt(string channel, long lastInboundAt, bool humanAgentTagEnabled) => channel.ToLowerInvariant() switch
    {
        ChannelName.WhatsApp => lastInboundAt + StandardMs,
        ChannelName.Messenger => lastInboundAt + (humanAgentTagEnabled ? HumanAgentMs : StandardMs),
        ChannelName.Sms or ChannelName.X or ChannelName.Facebook or "webchat" => null,
        _ => throw new ArgumentException($"'{channel}' is not a channel; use messenger, whatsapp, sms, x, facebook or webchat.", nameof(channel)),
    };

    /// <summary>Whether a message may go out at <paramref name="now"/>, and for Messenger whether it needs the HUMAN_AGENT tag.</summary>
    public static WindowState StateAt(string channel, long lastInboundAt, long now, bool humanAgentTagEnabled)
    {
        if (ClosesAt(channel, lastInboundAt, humanAgentTagEnabled) is not { } closesAt) return WindowState.NoWindow;
        if (now >= closesAt) return WindowState.Closed;
        return now < lastInboundAt + StandardMs ? WindowState.Open : WindowState.HumanAgentTagRequired;
    }
}
