namespace Crm.ServiceInterface.Playback;

/// <summary>Writes a step of a conversation that no other table keeps, in the same transaction as the change it records.</summary>
public static class ConversationTimeline
{
    public static Task WriteAsync(DbConnection c, DbTransaction tx, long conversationId, PlaybackEntryKind kind, long? actorId, string detail, long at) =>
        c.ExecuteAsync("""
            INSERT INTO conversation_timeline (conversation_id, kind, actor_id, detail, created_at) VALUES (@conversationId, @kind, @actorId, @detail, @at)
            """, new { conversationId, kind = kind.ToString(), actorId, detail, at }, tx);
}
