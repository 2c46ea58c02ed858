namespace Crm.ServiceInterface.Channels;

/// <summary>Channel names as the desktop shows them.</summary>
public static class ChannelLabels
{
    public static string Label(string channel) => channel switch
    {
        "webchat" => "Web chat", "messenger" => "Messenger", "whatsapp" => "WhatsApp", "sms" => "SMS", "x" => "X", "facebook" => "Facebook",
        _ => channel,
    };

    /// <summary>"Web chat", "Messenger chat", "SMS chat": how a conversation on the channel is named.</summary>
    public static string ChatLabel(string channel) => channel == "webchat" ? Label(channel) : Label(channel) + " chat";
}
