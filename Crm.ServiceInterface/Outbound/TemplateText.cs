using System.Text.RegularExpressions;
using Crm.ServiceInterface.Channels.WhatsApp;

namespace Crm.ServiceInterface.Outbound;

/// <summary>WhatsApp template text: its {{1}}, {{2}}... placeholders, and the text the customer reads once they are filled in.</summary>
public static partial class TemplateText
{
    public const int MaxBody = 1024, MaxHeader = 60, MaxName = 512, MaxParameter = 1024, MaxButtons = 10, MaxButtonText = 25;
    public static readonly string[] Categories = ["MARKETING", "UTILITY", "AUTHENTICATION"];
    public static readonly string[] ButtonTypes = ["QUICK_REPLY", "URL", "PHONE_NUMBER"];

    [GeneratedRegex(@"\{\{\s*(\d{1,2})\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[a-z0-9_]{1,512}$")]
    public static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z]{2,3}(_[A-Z]{2})?$")]
    public static partial Regex LanguagePattern();

    /// <summary>How many values the text asks for: its highest placeholder number (Meta numbers them from 1 without gaps).</summary>
    public static int Count(string? text) =>
        text is null ? 0 : Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();

    /// <summary>The text with each {{n}} replaced by the n-th value.</summary>
    public static string Render(string text, IReadOnlyList<string> values) =>
        Placeholder().Replace(text, m => int.Parse(m.Groups[1].Value) is var n && n >= 1 && n <= values.Count ? values[n - 1] : m.Value);

    /// <summary>What the transcript keeps of a sent template: the header on its own line, then the body.</summary>
    public static string Rendered(WhatsAppTemplateDto template, TemplateSend send) =>
        (template.HeaderText is { Length: > 0 } header ? Render(header, send.HeaderParameters) + "\n" : "") + Render(template.Body, send.Parameters);
}
