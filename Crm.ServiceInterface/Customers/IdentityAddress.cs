using System.Text.RegularExpressions;

namespace Crm.ServiceInterface.Customers;

public sealed class CustomerOptions
{
    /// <summary>The ISO region a phone number without a country code is read in, e.g. "US" or "GB".</summary>
    public string DefaultRegion { get; set; } = "US";
}

/// <summary>Turns any channel's address into the identity it belongs to: one person texting and WhatsApp-ing is one phone identity.</summary>
public static partial class IdentityAddress
{
    public const string Phone = "phone", Email = "email", Messenger = "messenger", X = "x", WebChat = "webchat";

    private static readonly Dictionary<string, string> KindByChannel = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = Phone, ["sms"] = Phone, ["whatsapp"] = Phone, ["voice"] = Phone,
        ["email"] = Email,
        ["messenger"] = Messenger, ["facebook"] = Messenger,
        ["x"] = X, ["twitter"] = X,
        ["webchat"] = WebChat, ["web"] = WebChat,
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,100}$")]
    private static partial Regex OpaqueIdPattern();

    public static string? KindOf(string channel) => KindByChannel.GetValueOrDefault(channel.Trim());

    /// <summary>A stored address as people read it: phones in international format ("+44 20 7946 0123"), others as they are.</summary>
    public static string Formatted(string channel, string address) => KindOf(channel) == Phone ? PhoneNumber.Display(address) : address;

    // WhatsApp ids are always international but come without '+'.
    private static string WithWhatsAppPlus(string channel, string raw) =>
        channel.Equals("whatsapp", StringComparison.OrdinalIgnoreCase) && raw.All(char.IsAsciiDigit) ? "+" + raw : raw;

    /// <summary>The identity for (channel, address), or a 400 problem naming <paramref name="field"/> and what is wrong.</summary>
    public static IdentityRow Normalize(string channel, string address, string? display, string defaultRegion, string field)
    {
        var kind = KindOf(channel) ?? throw Problem.Invalid(field,
            $"'{channel}' is not a channel; use phone, sms, whatsapp, email, messenger, x or webchat.");
        var raw = address.Trim();
        var normalized = kind switch
        {
            Phone => PhoneNumber.TryNormalize(WithWhatsAppPlus(channel, raw), defaultRegion),
            Email => EmailPattern().IsMatch(raw) ? raw.ToLowerInvariant() : null,
            _ => OpaqueIdPattern().IsMatch(raw) ? raw : null,
        };
        if (normalized is null)
            throw Problem.Invalid(field, kind switch
            {
                Phone => $"'{address}' is not a phone number.",
                Email => $"'{address}' is not an email address.",
                _ => $"'{address}' is not a {kind} id.",
            });
        return new IdentityRow(kind, normalized, string.IsNullOrWhiteSpace(display) ? null : display.Trim());
    }
}
