using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>
/// A customer who stops writing to the bot: after the entry point's minutes of silence the bot says goodbye and closes the chat.
/// The deadline is the last customer message's time plus those minutes, read from stored rows by the dispatcher's sweep, so a
/// restart loses nothing; a customer who writes again before it moves the deadline.
/// </summary>
internal static class SilentCustomers
{
    public const string DefaultClosing = "As we have not heard from you for a while, I'm closing this chat. Write to us again any time.";

    private static readonly string SilentSql = $"""
        SELECT v.id FROM conversations v JOIN entry_points e ON e.id = v.entry_point_id
        WHERE v.state = {StateSql.Of(ConversationState.Queued)} AND v.hold = 'bot' AND e.bot <> 'none' AND e.bot_silence_minutes IS NOT NULL
          AND (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'in') + e.bot_silence_minutes * 60000 <= @now
        """;

    public static async Task<IReadOnlyList<long>> DueAsync(DbConnection c, long now) => (await c.QueryAsync<long>(SilentSql, new { now })).ToList();

    /// <summary>Closes each chat still silent when its own transaction looks again (a message may have arrived since the sweep read).</summary>
    public static async Task CloseAsync(RoutingTx change, IReadOnlyList<long> due)
    {
        var still = (await change.Connection.QueryAsync<long>(SilentSql, new { now = change.Now }, change.Tx)).ToHashSet();
        foreach (var id in due.Where(still.Contains))
        {
            var conversation = await change.ConversationAsync(id);
            var state = await EntryFlowEngine.StateAsync(change, id);
            if (await EntryFlowEngine.EntryPointAsync(change, state.EntryPointId!.Value) is not { } entry) continue;
            await EntryFlowEngine.SendAutomaticAsync(change, conversation, entry, state, EntryFlowEngine.BotAuthor,
                string.IsNullOrWhiteSpace(entry.BotClosingMessage) ? DefaultClosing : entry.BotClosingMessage);
            await change.AppendMessageAsync(conversation, "system", "system", null, null,
                $"The virtual assistant closed the chat: the customer had not written for {entry.BotSilenceMinutes} minutes", "sent");
            await change.Connection.ExecuteAsync("UPDATE conversations SET hold = NULL, held_until = NULL, bot_done = 1 WHERE id = @id", new { id }, change.Tx);
            await change.MoveConversationAsync(conversation, ConversationState.Closed, "ended_at = @Now, closed_at = @Now", new { change.Now });
            change.InboxChanged = true;
            await change.EventAsync(Audience.Supervisors, new EntryFlowChanged(id, null, null, "closed by the bot after silence"));
        }
    }
}
