namespace Crm.ServiceInterface.Channels;

/// <summary>Social channels show every business message as the page/number: the agent's name goes into the text ("Ana: hi").</summary>
public static class AgentName
{
    public const string DefaultFormat = "{name}: ";

    /// <summary>
    /// <paramref name="text"/> with the prefix made from <paramref name="format"/> (Channels:AgentNamePrefix); unchanged when the
    /// format or the name is empty, or when the text already starts with the prefix (an outbox retry).
    /// </summary>
    public static string Prefix(string? format, string? agentName, string text)
    {
        if (string.IsNullOrEmpty(format) || string.IsNullOrWhiteSpace(agentName)) return text;
        var prefix = format.Replace("{name}", agentName.Trim(), StringComparison.Ordinal);
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text : prefix + text;
    }
}
