namespace Crm.ServiceInterface.Conversations;

/// <summary>Social channels carry plain text only (Webex, 8x8): rich text and attachments are refused, card numbers masked.</summary>
public static class PlainText
{
    public static string Check(SendMessage request)
    {
        if (request.Attachments is { Count: > 0 })
            throw Problem.Invalid("attachments", "File attachments are not supported; send plain text only.");
        if (request.Format is { } format
            && !format.Equals("text", StringComparison.OrdinalIgnoreCase) && !format.Equals("plain", StringComparison.OrdinalIgnoreCase))
            throw Problem.Invalid("format", $"Only plain text can be sent; '{format}' is not supported.");
        return Check(request.Text, "text");
    }

    /// <summary>A platform's message as stored: control characters dropped, card numbers masked; never refused (the platform would retry for days).</summary>
    public static string Sanitize(string text) =>
        CardNumbers.Mask(new string(text.Where(ch => !char.IsControl(ch) || ch is '\n' or '\r' or '\t').ToArray()).Trim());

    public static string Check(string? text, string field)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw Problem.Invalid(field, "A message needs text.");
        if (trimmed.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
            throw Problem.Invalid(field, "A message is plain text: control characters are not allowed.");
        return CardNumbers.Mask(trimmed);
    }
}
