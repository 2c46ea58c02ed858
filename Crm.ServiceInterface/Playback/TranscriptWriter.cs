using System.Globalization;
using System.Net;
using System.Text;
using Crm.ServiceInterface.Channels;

namespace Crm.ServiceInterface.Playback;

/// <summary>Who a transcript is for: the customer reads the messages only; staff also the steps; supervisors also whispers and their own steps.</summary>
public enum TranscriptReader { Customer, Staff, Supervisor }

/// <summary>A conversation as plain text or as one self-contained HTML file: customer, agents, times with their zone, every message.</summary>
public static class TranscriptWriter
{
    private static readonly HashSet<PlaybackEntryKind> Messages =
        [PlaybackEntryKind.CustomerMessage, PlaybackEntryKind.AgentMessage, PlaybackEntryKind.BotMessage, PlaybackEntryKind.SystemMessage];

    public static IEnumerable<PlaybackEntry> For(PlaybackDetail detail, TranscriptReader reader) => detail.Entries.Where(e => reader switch
    {
        TranscriptReader.Customer => Messages.Contains(e.Kind),
        // A silent monitor may be hidden from agents (Crm:Supervision:ShowMonitorIndicator); coaching is for the chat's own agents.
        TranscriptReader.Staff => e.Kind is not (PlaybackEntryKind.Whisper or PlaybackEntryKind.Supervisor),
        _ => true,
    });

    public static string Subject(PlaybackDetail detail, TimeZoneInfo zone) =>
        $"Transcript of your chat on {Time(detail.Conversation.StartedAt, zone)[..10]} (conversation {detail.Conversation.Id})";

    /// <summary>"2026-12-01 09:30:05 +01:00": the time in the zone, with its offset so it reads right anywhere.</summary>
    public static string Time(long at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(at), zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Text(PlaybackDetail detail, TimeZoneInfo zone, TranscriptReader reader)
    {
        var text = new StringBuilder();
        foreach (var (label, value) in Header(detail, zone)) text.Append(label).Append(": ").AppendLine(value);
        text.AppendLine();
        foreach (var e in For(detail, reader))
            text.Append('[').Append(Time(e.At, zone)).Append("] ").Append(Who(e) is { } who ? who + ": " : "").AppendLine(e.Text.ReplaceLineEndings("\n    "));
        return text.ToString();
    }

    public static string Html(PlaybackDetail detail, TimeZoneInfo zone, TranscriptReader reader)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{H($"Conversation {detail.Conversation.Id}")}}</title>
            <style>
            body{font:15px/1.45 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1f2933}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem} dt{font-weight:600} dd{margin:0}
            ol{list-style:none;padding:0} li{margin:.5rem 0;padding:.45rem .7rem;border-radius:8px;background:#f1f4f8}
            li.customer{background:#e3effd} li.agent{background:#e6f6ea} li.whisper{background:#fff4d6;border:1px dashed #c9a227}
            li.step{background:none;color:#52606d;font-size:13px;padding:.1rem .7rem} .who{font-weight:600} time{color:#52606d;font-size:12px;margin-left:.5rem}
            p.text{margin:.2rem 0 0;white-space:pre-wrap}
            </style></head><body>
            <h1>{{H($"Conversation {detail.Conversation.Id}")}}</h1>
            <dl>
            """);
        foreach (var (label, value) in Header(detail, zone)) html.Append($"<dt>{H(label)}</dt><dd>{H(value)}</dd>\n");
        html.Append("</dl>\n<ol>\n");
        foreach (var e in For(detail, reader))
        {
            var css = e.Kind switch
            {
                PlaybackEntryKind.CustomerMessage => "customer", PlaybackEntryKind.AgentMessage or PlaybackEntryKind.BotMessage => "agent",
                PlaybackEntryKind.Whisper => "whisper", PlaybackEntryKind.SystemMessage => "notice", _ => "step",
            };
            var who = Who(e) is { } name ? $"<span class=\"who\">{H(name)}</span>" : "";
            html.Append($"<li class=\"{css}\">{who}<time>{H(Time(e.At, zone))}</time><p class=\"text\">{H(e.Text)}</p></li>\n");
        }
        html.Append("</ol>\n</body></html>\n");
        return html.ToString();
    }

    private static IEnumerable<(string Label, string Value)> Header(PlaybackDetail detail, TimeZoneInfo zone)
    {
        var row = detail.Conversation;
        yield return ("Customer", $"{row.CustomerName ?? "Unknown"} ({detail.Address})");
        yield return ("Channel", ChannelCatalog.Label(row.Channel));
        yield return ("Queue", row.Queue);
        yield return ("Agents", row.Agents.Count == 0 ? "none" : string.Join(", ", row.Agents));
        yield return ("Started", Time(row.StartedAt, zone));
        if (row.EndedAt is { } ended) yield return ("Ended", Time(ended, zone));
        yield return ("Times", $"{zone.Id} (UTC{TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt), zone):zzz})");
    }

    /// <summary>Who wrote a message; null for a step, whose text already names who took it.</summary>
    private static string? Who(PlaybackEntry e) => e.Kind switch
    {
        PlaybackEntryKind.CustomerMessage => e.Actor ?? "Customer",
        PlaybackEntryKind.AgentMessage or PlaybackEntryKind.BotMessage => e.Actor ?? "Agent",
        PlaybackEntryKind.Whisper => $"{e.Actor} (whisper to the agents)",
        PlaybackEntryKind.SystemMessage => "Notice",
        _ => null,
    };
}
