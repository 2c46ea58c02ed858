namespace Crm.ServiceInterface.Channels;

/// <summary>
/// Social channels here carry plain text only: an attachment becomes a visible note so the agent knows something was sent.
/// </summary>
public static class AttachmentNote
{
    /// <summary>"[image] attachment not supported", "[image, video] attachments not supported".</summary>
    public static string For(IReadOnlyCollection<string> kinds) =>
        $"[{string.Join(", ", kinds)}] {(kinds.Count == 1 ? "attachment" : "attachments")} not supported";

    /// <summary>The message text with the note on its own line after any caption or text that came with the attachment.</summary>
    public static string Combine(string? text, IReadOnlyCollection<string> kinds) =>
        string.IsNullOrWhiteSpace(text) ? For(kinds) : text + "\n" + For(kinds);

    /// <summary>"image/jpeg" -> "image", "application/pdf" -> "file".</summary>
    public static string KindOfMediaType(string? mediaType)
    {
        var major = mediaType?.Split('/')[0].Trim().ToLowerInvariant();
        return major is "image" or "video" or "audio" ? major : "file";
    }
}
