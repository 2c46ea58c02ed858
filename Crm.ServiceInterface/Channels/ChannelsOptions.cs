using Crm.ServiceInterface.Channels.Messenger;
using Crm.ServiceInterface.Channels.Twilio;
using Crm.ServiceInterface.Channels.WhatsApp;
using Crm.ServiceInterface.Channels.X;

namespace Crm.ServiceInterface.Channels;

/// <summary>The "Channels" configuration section: one sub-section per platform plus the agent-name prefix.</summary>
public sealed class ChannelsOptions
{
    /// <summary>Put in front of each agent message; "{name}" is the agent's display name. Empty turns the prefix off.</summary>
    public string AgentNamePrefix { get; set; } = AgentName.DefaultFormat;

    public MessengerOptions Messenger { get; set; } = new();
    public WhatsAppOptions WhatsApp { get; set; } = new();
    public TwilioOptions Twilio { get; set; } = new();
    public XOptions X { get; set; } = new();
}

/// <summary>Every adapter, by channel name, built from one options object: the catalog's channels that have one.</summary>
public static class ChannelAdapters
{
    public static IReadOnlyDictionary<string, IChannelAdapter> Create(ChannelsOptions options) =>
        ChannelCatalog.All.Where(c => c.Adapter is not null).Select(c => c.Adapter!(options)).ToDictionary(a => a.Channel, StringComparer.OrdinalIgnoreCase);
}
