using System.Text;

namespace Crm.ServiceInterface.Channels;

/// <summary>What every adapter's send side checks and reads the same way.</summary>
internal static class SendRules
{
    public static void Check(IChannelAdapter adapter, OutboundText message)
    {
        if (string.IsNullOrWhiteSpace(message.To)) throw new ArgumentException("A message needs a recipient address.", nameof(message));
        if (string.IsNullOrWhiteSpace(message.Text)) throw new ArgumentException("A message needs text.", nameof(message));
        if (message.Text.Length > adapter.MaxTextLength)
            throw new ArgumentException(
                $"{adapter.Channel} accepts at most {adapter.MaxTextLength} characters; this message has {message.Text.Length}.", nameof(message));
    }

    public static string Required(string? value, string key) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"{key} is not configured.") : value;

    public static string Base(string? apiBaseUrl) => Required(apiBaseUrl, "ApiBaseUrl").TrimEnd('/');

    /// <summary>The provider's message id read from a send answer; junk that is not a JSON object throws.</summary>
    public static string? ReadId(string channel, string json, Func<PayloadNode, string?> read)
    {
        using var document = PayloadNode.ParseDocument(Encoding.UTF8.GetBytes(json ?? ""), channel);
        return read(PayloadNode.Root(document, channel)) is { Length: > 0 } id ? id : null;
    }
}
