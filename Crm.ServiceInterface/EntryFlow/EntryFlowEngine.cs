using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WebChat;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>A conversation's place in the entry flow, as stored beside it.</summary>
internal sealed class EntryState
{
    public long? EntryPointId { get; set; }
    public string? Hold { get; set; }
    public long? HeldUntil { get; set; }
    public string? EntryNotice { get; set; }
    public int BotTurns { get; set; }
    public int BotMisses { get; set; }
    public long BotSeenId { get; set; }
    public bool BotDone { get; set; }
    public bool Public { get; set; }

    public const string Columns = """
        entry_point_id AS EntryPointId, hold, held_until AS HeldUntil, entry_notice AS EntryNotice, bot_turns AS BotTurns,
        bot_misses AS BotMisses, bot_seen_id AS BotSeenId, bot_done AS BotDone, public
        """;
}

/// <summary>
/// Every inbound message passes here, in its own write transaction, before the queue: the emergency, special day and
/// business hours messages (once per conversation and period, through the outbox), the hold until the entry point opens
/// (a stored deadline the dispatcher's sweep releases), and the bot before the queue.
/// </summary>
public sealed class EntryFlowEngine(RoutingStore store, CrmDb db, EntryFlowTimers timers, TimeProvider time, EntryFlowSettingsCache settings)
{
    public const string NoticeAuthor = "Automatic reply", BotAuthor = "Customer Virtual Assistant";
    private const int NoticeKeysKept = 12;
    private static readonly string QueuedSql = StateSql.Of(ConversationState.Queued);

    /// <summary>The entry point a new conversation comes through: this address's own, else the channel's; null leaves the settings' queue.</summary>
    internal static async Task<EntryPointRow?> MatchAsync(RoutingTx change, InboundMessage message) =>
        (await change.EntryFlowAsync()).Match(ChannelCatalog.EntryKindOf(message.Channel, message.Public), message.EntryAddress);

    /// <summary>The entry flow's settings for a reader outside a routing change (admin pages, the external bot).</summary>
    internal Task<EntryFlowSettings> SettingsAsync(DbConnection c) => settings.GetAsync(c);

    /// <summary>After the customer's message is stored: notices, hold, bot, for a chat still in the queue (<paramref name="state"/> its place there).</summary>
    internal async Task AfterInboundAsync(RoutingTx change, ConversationRow conversation, bool isNew, MessageDto message, EntryState state)
    {
        var entry = state.EntryPointId is { } entryPointId ? await EntryPointAsync(change, entryPointId) : null;
        if (state.Hold == EntryHold.Bot && entry is not null)
        {
            await BotTurnAsync(change, conversation, entry, state, message.Id, message.Text);
            return;
        }
        var decision = EntryGate.Decide(await change.EntryFlowAsync(), entry, QueueAhead(conversation, entry, state), change.Now);
        var held = state.Hold is not null;
        if (!isNew && !held)
        {
            // Already in the queue: it stays there; only an emergency is worth telling a customer who writes again.
            await SendNoticesAsync(change, conversation, entry, state, decision.Notices.Where(n => !n.IsClosure));
            return;
        }
        await SendNoticesAsync(change, conversation, entry, state, decision.Notices);
        if (decision.Hold is not null)
            await SetHoldAsync(change, conversation, decision.Hold, decision.HeldUntil, decision.Status);
        else if (isNew || held) await OpenedAsync(change, conversation, entry, state, decision.Status, (message.Id, message.Text), held);
    }

    /// <summary>A chat put into a queue by a transfer: a closed queue holds it (told once per period) until the queue opens.</summary>
    internal async Task QueueEnteredAsync(RoutingTx change, ConversationRow conversation)
    {
        var decision = EntryGate.Decide(await change.EntryFlowAsync(), null, conversation.QueueId, change.Now);
        if (decision.Hold is null) return;
        var state = await StateAsync(change, conversation.Id);
        var entry = state.EntryPointId is { } entryPointId ? await EntryPointAsync(change, entryPointId) : null;
        await SendNoticesAsync(change, conversation, entry, state, decision.Notices);
        await SetHoldAsync(change, conversation, decision.Hold, decision.HeldUntil, decision.Status);
    }

    /// <summary>Whether automations (keyword auto-replies) may answer a post on this entry point now: not while closed, nor under a bot.</summary>
    public async Task<bool> AutomationsMayAnswerAsync(string channel, bool isPublic, string? entryAddress, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var current = await SettingsAsync(c);
        var entry = current.Match(ChannelCatalog.EntryKindOf(channel, isPublic), entryAddress);
        if (entry?.Bot is { } bot && bot != BotKind.None) return false;
        var decision = EntryGate.Decide(current, entry, entry?.QueueId, time.NowMs());
        return decision.Notices.Count == 0;
    }

    /// <summary>The dispatcher's sweep: releases the conversations whose entry point has opened (or whose emergency ended).</summary>
    public async Task SweepAsync(CancellationToken ct = default)
    {
        var now = time.NowMs();
        List<long> due;
        await using (var c = await db.OpenAsync(ct))
        {
            due = (await c.QueryAsync<long>($"""
                SELECT v.id FROM conversations v WHERE v.state = {QueuedSql} AND (
                    (v.hold IN ('closed', 'special_day') AND v.held_until <= @now)
                    OR (v.hold = 'emergency' AND NOT EXISTS (SELECT 1 FROM emergencies e
                        WHERE e.active = 1 AND e.hold_routing = 1 AND e.scope IN (0, v.entry_point_id))))
                """, new { now })).ToList();
            foreach (var id in await c.QueryAsync<long>($"""
                SELECT v.id FROM conversations v JOIN entry_points e ON e.id = v.entry_point_id
                WHERE v.state = {QueuedSql} AND v.hold = 'bot' AND e.bot = 'external'
                  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'in' AND m.id > v.bot_seen_id AND m.created_at <= @late)
                """, new { late = now - 10_000 }))
                await timers.EnsureExternalBotAsync(id, now);
        }
        if (due.Count > 0) await ReviewAsync(due, ct);
        IReadOnlyList<long> silent;
        await using (var c = await db.OpenAsync(ct))
            silent = await SilentCustomers.DueAsync(c, now);
        if (silent.Count > 0) await store.WriteAsync(change => SilentCustomers.CloseAsync(change, silent), ct);
    }

    /// <summary>After an admin changes hours, special days, an entry point or an emergency: every waiting conversation is looked at again, live.</summary>
    public async Task ReviewHoldsAsync(CancellationToken ct = default)
    {
        List<long> held;
        await using (var c = await db.OpenAsync(ct))
            held = (await c.QueryAsync<long>($"SELECT id FROM conversations WHERE state = {QueuedSql} AND hold IN {EntryHold.TimedSql}")).ToList();
        if (held.Count > 0) await ReviewAsync(held, ct);
    }

    private Task ReviewAsync(IReadOnlyList<long> conversationIds, CancellationToken ct) =>
        store.WriteAsync(async change =>
        {
            foreach (var id in conversationIds)
            {
                var conversation = await change.ConversationAsync(id);
                var state = await StateAsync(change, id);
                if (conversation.State != ConversationState.Queued || state.Hold is null or EntryHold.Bot) continue;
                var entry = state.EntryPointId is { } entryPointId ? await EntryPointAsync(change, entryPointId) : null;
                var decision = EntryGate.Decide(await change.EntryFlowAsync(), entry, QueueAhead(conversation, entry, state), change.Now);
                if (decision.Hold is null) await OpenedAsync(change, conversation, entry, state, decision.Status, null, true);
                else if (decision.Hold != state.Hold || decision.HeldUntil != state.HeldUntil)
                    await SetHoldAsync(change, conversation, decision.Hold, decision.HeldUntil, decision.Status);
            }
        }, ct);

    /// <summary>The queue whose hours count now: with the bot still to talk to, the chat enters its queue only at the handoff.</summary>
    private static long? QueueAhead(ConversationRow conversation, EntryPointRow? entry, EntryState state) =>
        entry is not null && entry.Bot != BotKind.None && !state.BotDone ? null : conversation.QueueId;

    internal async Task SetHoldAsync(RoutingTx change, ConversationRow conversation, string hold, long? until, string reason)
    {
        await change.Connection.ExecuteAsync("UPDATE conversations SET hold = @hold, held_until = @until WHERE id = @Id",
            new { hold, until, conversation.Id }, change.Tx);
        change.InboxChanged = true;
        await change.EventAsync(Audience.Supervisors, new EntryFlowChanged(conversation.Id, EntryHold.KindOf(hold), until, reason));
    }

    /// <summary>
    /// The entry point lets the chat in: to the bot first when the entry point has one and it has not had its turn (a chat that
    /// waited for the opening is greeted like a new one, on the customer's latest message), else to the queue.
    /// </summary>
    private async Task OpenedAsync(RoutingTx change, ConversationRow conversation, EntryPointRow? entry, EntryState state, string reason,
        (long Id, string Text)? message, bool held)
    {
        if (entry is null || entry.Bot == BotKind.None || state.BotDone)
        {
            if (held) await ReleaseAsync(change, conversation, reason);
            return;
        }
        message ??= (await change.Connection.QueryAsync<(long Id, string Text)>(
            "SELECT id, text FROM messages WHERE conversation_id = @Id AND direction = 'in' ORDER BY id DESC LIMIT 1", conversation, change.Tx))
            .Cast<(long, string)?>().FirstOrDefault();
        await SetHoldAsync(change, conversation, EntryHold.Bot, null, "bot");
        if (message is { } last) await BotTurnAsync(change, conversation, entry, state, last.Id, last.Text);
    }

    /// <summary>Into the queue: the bot is done (or there is none); routing takes it from here.</summary>
    internal async Task ReleaseAsync(RoutingTx change, ConversationRow conversation, string reason)
    {
        await change.Connection.ExecuteAsync("UPDATE conversations SET hold = NULL, held_until = NULL, bot_done = 1 WHERE id = @Id", conversation, change.Tx);
        change.DispatchNeeded = true;
        change.InboxChanged = true;
        await change.EventAsync(Audience.Supervisors, new EntryFlowChanged(conversation.Id, null, null, reason));
    }

    private async Task SendNoticesAsync(RoutingTx change, ConversationRow conversation, EntryPointRow? entry, EntryState state,
        IEnumerable<EntryNotice> notices)
    {
        var sent = (state.EntryNotice ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var any = false;
        foreach (var notice in notices.Where(n => !sent.Contains(n.Key) && !string.IsNullOrWhiteSpace(n.Text)))
        {
            await SendAutomaticAsync(change, conversation, entry, state, NoticeAuthor, notice.Text);
            sent.Add(notice.Key);
            any = true;
        }
        if (!any) return;
        state.EntryNotice = string.Join('\n', sent.TakeLast(NoticeKeysKept));
        await change.Connection.ExecuteAsync("UPDATE conversations SET entry_notice = @EntryNotice WHERE id = @id",
            new { state.EntryNotice, id = conversation.Id }, change.Tx);
    }

    /// <summary>
    /// A message the system writes to the customer on the conversation's channel: stored (author kind bot), through the outbox
    /// for social channels (retried), in the thread for web chat; for a public post, under the post or as a private message.
    /// </summary>
    internal static async Task SendAutomaticAsync(RoutingTx change, ConversationRow conversation, EntryPointRow? entry, EntryState state,
        string author, string text)
    {
        var webChat = conversation.Channel == WebChatChannel.Name;
        var message = await change.AppendMessageAsync(conversation, "out", "bot", null, author, PlainText.Sanitize(text),
            webChat ? Channels.DeliveryStatus.Sent : Channels.DeliveryStatus.Queued);
        if (state.Public && entry?.ReplyMode == ReplyMode.Private)
            await change.Connection.ExecuteAsync("UPDATE messages SET public = 0 WHERE id = @Id", message, change.Tx);
        if (!webChat) change.ScheduleOutbox(message.Id);
    }

    private Task BotTurnAsync(RoutingTx change, ConversationRow conversation, EntryPointRow entry, EntryState state, long messageId, string text)
    {
        if (entry.Bot == BotKind.External)
        {
            change.TimerChanges.Add(() => timers.ScheduleExternalBotAsync(conversation.Id, change.Now));
            return Task.CompletedTask;
        }
        return CustomerVirtualAssistant.TurnAsync(change, conversation, entry, state, messageId, text, this);
    }

    /// <summary>The bot is done: the conversation goes to the queue it names (or the entry point's), unless the entry point has closed meanwhile.</summary>
    internal async Task HandOffAsync(RoutingTx change, ConversationRow conversation, EntryPointRow entry, EntryState state, string? queueName, string reason)
    {
        var queueId = string.IsNullOrWhiteSpace(queueName) ? null : await change.Connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM queues WHERE enabled = 1 AND lower(name) = lower(@queueName)", new { queueName = queueName.Trim() }, change.Tx);
        await change.Connection.ExecuteAsync("UPDATE conversations SET bot_done = 1, queue_id = COALESCE(@queueId, queue_id) WHERE id = @Id",
            new { queueId, conversation.Id }, change.Tx);
        conversation.QueueId = queueId ?? conversation.QueueId;
        await change.AppendMessageAsync(conversation, "system", "system", null, null, $"The virtual assistant handed the chat over ({reason})", "sent");
        var decision = EntryGate.Decide(await change.EntryFlowAsync(), entry, conversation.QueueId, change.Now);
        await SendNoticesAsync(change, conversation, entry, state, decision.Notices);
        if (decision.Hold is not null) await SetHoldAsync(change, conversation, decision.Hold, decision.HeldUntil, decision.Status);
        else await ReleaseAsync(change, conversation, "bot handoff");
    }

    internal static Task<EntryState> StateAsync(RoutingTx change, long conversationId) =>
        change.Connection.QuerySingleAsync<EntryState>($"SELECT {EntryState.Columns} FROM conversations WHERE id = @conversationId",
            new { conversationId }, change.Tx);

    internal static async Task<EntryPointRow?> EntryPointAsync(RoutingTx change, long id) => (await change.EntryFlowAsync()).EntryPoint(id);
}
