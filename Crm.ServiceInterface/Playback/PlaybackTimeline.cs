using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Playback;

/// <summary>
/// A conversation's whole timeline, read from where each step is stored: messages and whispers, participations (offers, accepts,
/// rejects, lapses, leaving, wrap-up with its reasons and codes), post processing from the agent state history, cases, supervisors'
/// steps from the audit log, transfers from the conversation timeline, and transcript e-mails.
/// </summary>
internal static class PlaybackTimeline
{
    public static async Task<IReadOnlyList<PlaybackEntry>> BuildAsync(DbConnection c, long id, long start, string? customer, bool withWhispers)
    {
        var entries = new List<PlaybackEntry>();
        void Add(long at, PlaybackEntryKind kind, string? actor, string text, long? messageId = null, string? status = null) =>
            entries.Add(new PlaybackEntry(at, Math.Max(0, at - start), kind, actor, text, messageId, status));

        foreach (var m in await c.QueryAsync<MessageRow>("""
                     SELECT id, author_kind AS AuthorKind, author_name AS AuthorName, text, sent_at AS SentAt, status, public_action AS PublicAction,
                            original_text AS OriginalText, edited_at AS EditedAt, removed_at AS RemovedAt
                     FROM messages WHERE conversation_id = @id ORDER BY sent_at, id
                     """, new { id }))
        {
            var who = m.AuthorKind == "customer" ? customer ?? m.AuthorName ?? "Customer" : m.AuthorName;
            // An edited comment plays back as first written, then the edit; a private reply is a message, the other actions are steps.
            var kind = m.PublicAction is null or "private_reply" ? MessageKind(m.AuthorKind) : PlaybackEntryKind.PublicAction;
            Add(m.SentAt, kind, who, m.OriginalText ?? m.Text, m.Id, m.Status);
            if (m.EditedAt is { } edited) Add(edited, PlaybackEntryKind.PostEdited, who, $"{who} edited it to: {m.Text}", m.Id);
            if (m.RemovedAt is { } removed) Add(removed, PlaybackEntryKind.PostRemoved, who, $"{who} removed it", m.Id);
        }
        if (withWhispers)
            foreach (var w in await c.QueryAsync<(long Id, string AuthorName, string Text, long CreatedAt)>(
                         "SELECT id, author_name, text, created_at FROM whispers WHERE conversation_id = @id ORDER BY created_at, id", new { id }))
                Add(w.CreatedAt, PlaybackEntryKind.Whisper, w.AuthorName, w.Text, -w.Id);

        var parts = (await c.QueryAsync<PartRow>("""
            SELECT p.id, p.agent_id AS AgentId, u.display_name AS Agent, p.kind, p.state, p.offered_at AS OfferedAt, p.accepted_at AS AcceptedAt,
                   p.ended_at AS EndedAt, p.wrapped_up_at AS WrappedUpAt
            FROM participations p JOIN users u ON u.id = p.agent_id WHERE p.conversation_id = @id ORDER BY p.id
            """, new { id })).ToList();
        var reasons = (await c.QueryAsync<(long PartId, string Name)>("""
            SELECT r.participation_id, w.name FROM participation_wrapup_reasons r JOIN wrapup_reasons w ON w.id = r.reason_id
            JOIN participations p ON p.id = r.participation_id WHERE p.conversation_id = @id ORDER BY w.position, w.id
            """, new { id })).ToLookup(r => r.PartId, r => r.Name);
        var codes = (await c.QueryAsync<(long PartId, string Code, string Name)>("""
            SELECT r.participation_id, t.code, t.name FROM participation_transaction_codes r JOIN transaction_codes t ON t.id = r.code_id
            JOIN participations p ON p.id = r.participation_id WHERE p.conversation_id = @id ORDER BY t.position, t.id
            """, new { id })).ToLookup(r => r.PartId, r => $"{r.Code} {r.Name}");
        foreach (var p in parts)
        {
            Add(p.OfferedAt, p.Kind == ParticipationKind.Conference ? PlaybackEntryKind.ConferenceRequested : PlaybackEntryKind.Offered, p.Agent,
                p.Kind switch
                {
                    ParticipationKind.Conference => $"{p.Agent} was asked into a conference",
                    ParticipationKind.Transfer => $"Offered to {p.Agent} (transfer)",
                    _ => $"Offered to {p.Agent}",
                });
            if (p.AcceptedAt is { } accepted) Add(accepted, PlaybackEntryKind.Accepted, p.Agent, $"{p.Agent} accepted and joined");
            if (p.EndedAt is { } ended)
            {
                var (kind, text) = p.State switch
                {
                    ParticipationState.Rejected => (PlaybackEntryKind.Rejected, $"{p.Agent} rejected the offer"),
                    ParticipationState.Lapsed => (PlaybackEntryKind.Missed, $"{p.Agent} missed the offer (the acceptance interval ran out)"),
                    ParticipationState.Revoked => (PlaybackEntryKind.Withdrawn, $"The offer to {p.Agent} was withdrawn"),
                    ParticipationState.Returned => (PlaybackEntryKind.SentToInbox, $"{p.Agent} sent the chat back to the Inbox"),
                    _ => (PlaybackEntryKind.Left, $"{p.Agent} left the chat"),
                };
                Add(ended, kind, p.Agent, text);
            }
            if (p.WrappedUpAt is { } wrapped)
            {
                var detail = string.Join(", ", reasons[p.Id]) + (codes[p.Id].Any() ? "; codes " + string.Join(", ", codes[p.Id]) : "");
                Add(wrapped, PlaybackEntryKind.WrapUp, p.Agent, $"{p.Agent} wrapped up: {detail}");
            }
        }
        await PostProcessingAsync(c, parts, Add);

        foreach (var k in await c.QueryAsync<(long Id, string Status, long CreatedAt, string? Author)>("""
                     SELECT k.id, k.status, k.created_at, u.display_name FROM cases k LEFT JOIN users u ON u.id = k.created_by
                     WHERE k.conversation_id = @id ORDER BY k.id
                     """, new { id }))
            Add(k.CreatedAt, PlaybackEntryKind.CaseSaved, k.Author, $"Saved to the CRM as case #{k.Id} ({k.Status})");
        foreach (var a in await c.QueryAsync<(string Action, string? Detail, long CreatedAt, string? Actor)>("""
                     SELECT a.action, a.detail, a.created_at, u.display_name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                     WHERE a.entity = 'conversation' AND a.entity_id = @id AND a.action LIKE 'supervisor.%' AND a.action <> 'supervisor.whisper' ORDER BY a.id
                     """, new { id }))
            // A whisper is its own entry (with its text, for supervisors only); its audit row would repeat it.
            Add(a.CreatedAt, PlaybackEntryKind.Supervisor, a.Actor, $"{a.Actor} ({a.Action["supervisor.".Length..]}): {a.Detail}");
        foreach (var t in await c.QueryAsync<(string Kind, string Detail, long CreatedAt, string? Actor)>("""
                     SELECT t.kind, t.detail, t.created_at, u.display_name FROM conversation_timeline t LEFT JOIN users u ON u.id = t.actor_id
                     WHERE t.conversation_id = @id ORDER BY t.id
                     """, new { id }))
            Add(t.CreatedAt, Enum.Parse<PlaybackEntryKind>(t.Kind), t.Actor, t.Detail);
        foreach (var e in await Mail.TranscriptEmailReads.ForConversationAsync(c, id))
            Add(e.RequestedAt, PlaybackEntryKind.TranscriptEmailed, null, Mail.TranscriptEmailReads.Describe(e), status: e.Status);

        // Stable: steps of one change keep the order they were read in (an accept before the first reply it allowed).
        return entries.OrderBy(e => e.At).ToList();
    }

    private static PlaybackEntryKind MessageKind(string authorKind) => authorKind switch
    {
        "customer" => PlaybackEntryKind.CustomerMessage,
        "agent" => PlaybackEntryKind.AgentMessage,
        "bot" => PlaybackEntryKind.BotMessage,
        _ => PlaybackEntryKind.SystemMessage,
    };

    // Post processing starts in the change that ended the agent's part, so it carries the same time.
    private static async Task PostProcessingAsync(DbConnection c, IReadOnlyList<PartRow> parts,
        Action<long, PlaybackEntryKind, string?, string, long?, string?> add)
    {
        var ended = parts.Where(p => p.EndedAt is not null && p.AcceptedAt is not null).ToList();
        if (ended.Count == 0) return;
        var agentIds = ended.Select(p => p.AgentId).Distinct().ToList();
        var times = ended.Select(p => p.EndedAt!.Value).Distinct().ToList();
        var spans = await c.QueryAsync<(long UserId, long StartedAt, long? EndedAt)>($"""
            SELECT user_id, started_at, ended_at FROM agent_state_history
            WHERE user_id {SqlDialect.Of(c).InList("@agentIds")} AND state = @state AND started_at {SqlDialect.Of(c).InList("@times")} ORDER BY started_at
            """, new { agentIds, times, state = AgentState.PostProcessing });
        foreach (var s in spans)
        {
            var part = ended.FirstOrDefault(p => p.AgentId == s.UserId && p.EndedAt == s.StartedAt);
            if (part is null) continue;
            var length = s.EndedAt is { } end ? $" for {TimeSpan.FromMilliseconds(end - s.StartedAt):m\\:ss}" : " (still running)";
            add(s.StartedAt, PlaybackEntryKind.PostProcessing, part.Agent, $"{part.Agent} in post processing{length}", null, null);
        }
    }

    private sealed class PartRow
    {
        public long Id { get; set; }
        public long AgentId { get; set; }
        public string Agent { get; set; } = "";
        public string Kind { get; set; } = "";
        public string State { get; set; } = "";
        public long OfferedAt { get; set; }
        public long? AcceptedAt { get; set; }
        public long? EndedAt { get; set; }
        public long? WrappedUpAt { get; set; }
    }

    private sealed class MessageRow
    {
        public long Id { get; set; }
        public string AuthorKind { get; set; } = "";
        public string? AuthorName { get; set; }
        public string Text { get; set; } = "";
        public long SentAt { get; set; }
        public string Status { get; set; } = "";
        public string? PublicAction { get; set; }
        public string? OriginalText { get; set; }
        public long? EditedAt { get; set; }
        public long? RemovedAt { get; set; }
    }
}
