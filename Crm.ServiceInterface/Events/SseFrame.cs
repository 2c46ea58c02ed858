using System.Globalization;
using System.Text;

namespace Crm.ServiceInterface.Events;

/// <summary>
/// An event as the bytes of one Server-Sent Events frame. The tail formats each event once and every stream of its audience
/// writes the same bytes (with ten thousand desktops open, formatting per stream cost more than the writes themselves).
/// </summary>
public static class SseFrame
{
    /// <summary>`event: name`, one `data:` line per line of the data, `id: n`, and the blank line that dispatches it.</summary>
    public static byte[] Of(CrmEvent e) => Encode(e.Name, e.Data, e.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>A frame without an id (a ping, an Inbox nudge): it never moves the client's Last-Event-ID.</summary>
    public static byte[] Signal(string name) => Encode(name, "{}", null);

    private static byte[] Encode(string name, string data, string? id)
    {
        var text = new StringBuilder(data.Length + name.Length + 32).Append("event: ").Append(name).Append('\n');
        // Event data is compact JSON (no raw line breaks), but a frame must stay one frame whatever it carries.
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n')) text.Append("data: ").Append(line).Append('\n');
        if (id is not null) text.Append("id: ").Append(id).Append('\n');
        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }
}
