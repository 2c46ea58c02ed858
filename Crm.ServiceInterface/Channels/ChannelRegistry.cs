namespace Crm.ServiceInterface.Channels;

/// <summary>
/// The channel adapters in force. Built from the "Channels" configuration; <see cref="Replace"/> swaps in new settings
/// (an admin's change) for every request after it, since adapters are pure and cheap to rebuild.
/// </summary>
public sealed class ChannelRegistry(ChannelsOptions options)
{
    private volatile Snapshot current = new(options, ChannelAdapters.Create(options));

    public ChannelsOptions Options => current.Options;

    public IChannelAdapter Get(string channel) =>
        current.Adapters.TryGetValue(channel, out var adapter) ? adapter : throw Problem.NotFound($"There is no channel '{channel}'.");

    public void Replace(ChannelsOptions options) => current = new Snapshot(options, ChannelAdapters.Create(options));

    private sealed record Snapshot(ChannelsOptions Options, IReadOnlyDictionary<string, IChannelAdapter> Adapters);
}
