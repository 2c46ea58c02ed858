namespace Crm.ServiceInterface.Channels;

/// <summary>
/// One setting an admin may change: its JSON name (as in <see cref="SaveChannelSettings"/>, <see cref="ChannelAdminView"/> and the
/// stored overrides), how it is read from and written to the options and shown in the admin view, what a valid value looks like
/// (<see cref="Check"/> answers the problem), and how the card asks for it.
/// </summary>
internal sealed record ChannelSetting(
    string Name,
    ChannelSettingKind Kind,
    Func<ChannelsOptions, string?> Read,
    Action<ChannelsOptions, string?> Write,
    Func<SaveChannelSettings, string?> Input,
    Action<ChannelAdminView, string?> Show,
    string Label,
    string? Hint = null,
    Func<string, string?>? Check = null,
    Func<string, string>? Normalize = null)
{
    public string? Placeholder { get; init; }
    public SettingInputMode InputMode { get; init; } = SettingInputMode.Text;
    public bool Optional { get; init; }

    public int? MaxLength => Kind switch
    {
        ChannelSettingKind.Secret => ChannelSettingsCatalog.MaxSecretLength,
        ChannelSettingKind.Flag => null,
        _ => ChannelSettingsCatalog.MaxTextLength,
    };

    public ChannelSettingFieldDto ToDto() => new(Name, Kind, Label, Hint, Placeholder, InputMode, Optional, MaxLength);
}

/// <summary>
/// A social channel's card on the admin page: its settings in the order an admin sets it up, the credentials a send needs,
/// its webhook path, and the platform's "who am I" call that checks them.
/// </summary>
internal sealed record ChannelDefinition(
    string Channel,
    string Label,
    string Platform,
    string WebhookPath,
    string Subtitle,
    string WebhookHint,
    IReadOnlyList<ChannelSetting> Settings,
    IReadOnlyList<string> Credentials,
    Func<ChannelsOptions, CredentialProbe> Probe)
{
    public ChannelSetting? Setting(string name) => Settings.FirstOrDefault(s => s.Name == name);

    public ChannelSetupDto ToDto() => new(Platform, WebhookPath, Subtitle, WebhookHint, Settings.Select(s => s.ToDto()).ToList());
}

/// <summary>The social channels' settings, and the rules a saved value must meet.</summary>
internal static class ChannelSettingsCatalog
{
    public const int MaxSecretLength = 4096, MaxTextLength = 200;

    /// <summary>The channels an admin configures, in the channel catalog's order.</summary>
    public static IReadOnlyList<ChannelDefinition> All => ChannelCatalog.All.Select(c => c.Setup).OfType<ChannelDefinition>().ToList();

    /// <summary>Every setting name any channel has, with how to read it from a request: to refuse another channel's settings.</summary>
    private static IEnumerable<(string Name, Func<SaveChannelSettings, string?> Input)> AnyChannel =>
        All.SelectMany(d => d.Settings).DistinctBy(s => s.Name).Select(s => (s.Name, s.Input));

    public static ChannelDefinition Find(string channel) =>
        All.FirstOrDefault(d => string.Equals(d.Channel, channel, StringComparison.OrdinalIgnoreCase))
        ?? throw Problem.NotFound($"There is no channel '{channel}'; the channels are {string.Join(", ", All.Select(d => d.Channel))}.");

    /// <summary>
    /// The changes a request asks for, by setting name: a value to store ("" = cleared), or null to drop the saved value
    /// (a cleared ApiBaseUrl). Settings left out are not in the answer. Every problem is reported at once, as a 400.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Changes(ChannelDefinition definition, SaveChannelSettings request)
    {
        var errors = new Dictionary<string, string[]>();
        var changes = new Dictionary<string, string?>();
        foreach (var (name, input) in AnyChannel)
            if (input(request) is not null && definition.Setting(name) is null)
                errors[name] = [$"{definition.Label} has no setting '{name}'."];

        foreach (var setting in definition.Settings)
        {
            var raw = setting.Input(request);
            if (raw is null) continue;
            var value = raw.Trim();
            if (value.Length == 0)
            {
                changes[setting.Name] = setting.Name == "apiBaseUrl" ? null : "";
                continue;
            }
            value = setting.Normalize?.Invoke(value) ?? value;
            var problem = setting.Kind switch
            {
                ChannelSettingKind.Secret when value.Length > MaxSecretLength => $"A secret is at most {MaxSecretLength} characters.",
                ChannelSettingKind.Secret when value.Any(char.IsControl) => "The value has line breaks or control characters: paste the secret alone.",
                ChannelSettingKind.Text or ChannelSettingKind.Url when value.Length > MaxTextLength => $"At most {MaxTextLength} characters.",
                _ => setting.Check?.Invoke(value),
            };
            if (problem is not null) errors[setting.Name] = [problem];
            else changes[setting.Name] = value;
        }

        if (errors.Count > 0)
            throw new ProblemException(400, "Check the form",
                $"The {definition.Label} settings were not saved: {string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}", errors);
        return changes;
    }

    /// <summary>Null when <paramref name="value"/> is an absolute http(s) URL without query or fragment, else the problem.</summary>
    public static string? CheckBaseUrl(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : $"{name} must be an absolute http(s) URL without query or credentials, e.g. https://crm.example.com.";
}
