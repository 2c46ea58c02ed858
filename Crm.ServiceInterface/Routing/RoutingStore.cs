using Crm.ServiceInterface.Channels.WebChat;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.EntryFlow;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Integrations;
using Crm.ServiceInterface.Reports;
using Crm.ServiceInterface.Supervision;

namespace Crm.ServiceInterface.Routing;

/// <summary>Runs one routing change in one write transaction, then wakes the event streams and, when asked, the dispatcher.</summary>
public sealed class RoutingStore(
    CrmDb db, EventLog events, RoutingSignal signal, RoutingTimers timers, RoutingDeadlines deadlines, InboxWatch inbox, TimeProvider time,
    RoutingOptions options, EntryFlowSettingsCache entryFlowSettings)
{
    public RoutingOptions Options => options;

    // The outgoing webhooks' subscriptions, read by every message and agent change, kept like the entry flow's settings.
    private readonly ConfigCache<IReadOnlyList<WebhookSubscription>> webhookSubscriptions = new(WebhookEvents.SubscriptionsAsync);

    internal async Task<T> WriteAsync<T>(Func<RoutingTx, Task<T>> work, CancellationToken ct = default)
    {
        RoutingTx? change = null;
        var result = await db.InTransactionAsync(async (c, tx) =>
        {
            change = new RoutingTx(c, tx, time.NowMs(), timers, options, entryFlowSettings, webhookSubscriptions);
            var result = await work(change);
            // The other nodes' Inboxes hear of it when this commits, in the same transaction, not by a connection of its own after.
            if (change.InboxChanged && db.Dialect.NotifySql(ClusterSignal.Inbox) is { } notify) await c.ExecuteAsync(notify, transaction: tx);
            return result;
        }, ct);
        events.Signal();
        if (change!.DispatchNeeded) signal.Kick();
        if (change.InboxChanged) inbox.Touch();
        // Deadlines are stored by the change itself; the wake-up (and any Quartz job) is set once the change is durable, outside the write lock.
        foreach (var at in change.Deadlines) deadlines.Expect(at);
        foreach (var timer in change.TimerChanges) await timer();
        return result;
    }

    internal Task WriteAsync(Func<RoutingTx, Task> work, CancellationToken ct = default) =>
        WriteAsync<bool>(async change => { await work(change); return true; }, ct);
}

/// <summary>One routing change in progress: the connection and transaction, the time it happens, and the writes every change shares.</summary>
internal sealed class RoutingTx(DbConnection connection, DbTransaction tx, long now, RoutingTimers timers, RoutingOptions options,
    EntryFlowSettingsCache entryFlowSettings, ConfigCache<IReadOnlyList<WebhookSubscription>> webhookSubscriptions)
{
    // States as SQL, from the transition tables; a part that leaves the chat (EndedSql) gets its ended_at.
    private static readonly string OfflineSql = StateSql.Of(AgentState.Offline), AvailableSql = StateSql.Of(AgentState.Available);
    private static readonly string ActiveSql = StateSql.Of(ParticipationState.Active), DoneSql = StateSql.Of(ParticipationState.Done);
    private static readonly string EndedSql = StateSql.List([ParticipationState.WrapUp, ParticipationState.Returned, ParticipationState.Rejected,
        ParticipationState.Lapsed, ParticipationState.Revoked]);
    private static readonly string InChatSql = StateSql.List([ParticipationState.Offered, ParticipationState.Active, ParticipationState.WrapUp]);

    public DbConnection Connection { get; } = connection;
    public DbTransaction Tx { get; } = tx;
    public long Now { get; } = now;
    /// <summary>Quartz timer changes to make once this change has committed.</summary>
    public List<Func<Task>> TimerChanges { get; } = [];

    /// <summary>Deadlines this change stored (acceptance intervals, ends of post processing): the dispatcher wakes at each.</summary>
    public List<long> Deadlines { get; } = [];

    public void ScheduleOutbox(long messageId) => TimerChanges.Add(() => timers.ScheduleOutboxAsync(messageId, Now));

    /// <summary>Set when the change freed an agent or queued a conversation, so the dispatcher should look again.</summary>
    public bool DispatchNeeded { get; set; }

    /// <summary>Set when a conversation came into or left a queue, so the desktops' Inbox should be re-read.</summary>
    public bool InboxChanged { get; set; }

    private long? configVersion;

    /// <summary>The configuration stamp as this change's transaction sees it, read once per change.</summary>
    public async Task<long> ConfigVersionAsync() => configVersion ??= await ConfigVersion.ReadAsync(Connection, Tx);

    /// <summary>Entry points, hours, special days, emergencies and queues as of this change (from memory unless an admin changed them).</summary>
    public async Task<EntryFlowSettings> EntryFlowAsync() => await entryFlowSettings.GetAsync(Connection, Tx, await ConfigVersionAsync());

    private async Task<IReadOnlyList<WebhookSubscription>> WebhookSubscriptionsAsync() =>
        await webhookSubscriptions.GetAsync(Connection, Tx, await ConfigVersionAsync());

    public Task<long> EventAsync<TEvent>(string audience, TEvent data) where TEvent : class, IPushedEvent =>
        EventLog.AppendAsync(Connection, Tx, audience, data, Now);

    public async Task<ConversationRow> ConversationAsync(long id) =>
        await Connection.QuerySingleOrDefaultAsync<ConversationRow>(
            $"SELECT {ConversationRow.Columns} FROM conversations WHERE id = @id", new { id }, Tx)
        ?? throw Problem.NotFound($"There is no conversation {id}.");

    public async Task<AgentRow> AgentAsync(long agentId)
    {
        const string read = """
            SELECT s.user_id AS UserId, u.display_name AS DisplayName, s.state, s.reason_code AS ReasonCode, s.since,
                   s.post_processing_until AS PostProcessingUntil, COALESCE(p.capacity, 1) AS Capacity, COALESCE(p.can_reject, 0) AS CanReject,
                   p.reject_policy AS RejectPolicy
            FROM agent_states s JOIN users u ON u.id = s.user_id LEFT JOIN agent_profiles p ON p.user_id = s.user_id
            WHERE s.user_id = @agentId
            """;
        if (await Connection.QuerySingleOrDefaultAsync<AgentRow>(read, new { agentId }, Tx) is { } agent) return agent;
        // An agent who never set a state is Offline; the row appears on first use.
        await Connection.ExecuteAsync(
            $"INSERT INTO agent_states (user_id, state, since, idle_since) VALUES (@agentId, {OfflineSql}, @Now, @Now) ON CONFLICT (user_id) DO NOTHING",
            new { agentId, Now }, Tx);
        return await Connection.QuerySingleAsync<AgentRow>(read, new { agentId }, Tx);
    }

    public Task<int> LoadAsync(long agentId) =>
        Connection.ExecuteScalarAsync<int>(
            $"SELECT COUNT(*) FROM participations WHERE agent_id = @agentId AND state IN {ParticipationState.HeldSql}", new { agentId }, Tx);

    /// <summary>
    /// Moves an agent if the transition table allows it, recording the interval in the state history; a refused move by a
    /// person (the agent, a supervisor) is a 409 saying why. <paramref name="actorId"/> is the supervisor who made the move.
    /// </summary>
    public async Task<AgentRow> MoveAgentAsync(long agentId, string to, StateCause cause, string? reason = null, int postProcessingSeconds = 0,
        long? actorId = null)
    {
        var agent = await AgentAsync(agentId);
        if (!AgentStateMachine.Decide(agent.State, to, cause)) return agent; // a move the table keeps, with its reason there
        long? until = to == AgentState.PostProcessing ? Now + postProcessingSeconds * 1000L : null;
        await Connection.ExecuteAsync($"""
            UPDATE agent_states SET state = @to, reason_code = @reason, post_processing_until = @until,
                since = CASE WHEN state = @to THEN since ELSE @Now END,
                idle_since = CASE WHEN @to = {AvailableSql} AND state <> {AvailableSql} THEN @Now ELSE idle_since END
            WHERE user_id = @agentId
            """, new { agentId, to, reason, until, Now }, Tx);
        var changedBy = await AgentStateHistory.RecordAsync(this, agent, to, reason, cause, actorId);
        if (agent.State == AgentState.PostProcessing && to != AgentState.PostProcessing)
            await ReportRollup.PostProcessingEndedAsync(this, agentId, agent.Since);
        if (until is { } at) Deadlines.Add(at);
        if (to == AgentState.Available) DispatchNeeded = true;
        var since = agent.State == to ? agent.Since : Now;
        var stateEvent = new AgentStateChanged(agentId, to, reason, since, until, cause, changedBy, MissedOffers.Of(to, reason));
        await EventAsync(Audience.User(agentId), stateEvent);
        await EventAsync(Audience.Supervisors, stateEvent);
        await WebhookEvents.RaiseAsync(Connection, Tx, WebhookEventType.AgentStateChanged, null, Now,
            new WebhookAgentStateChanged(agentId, to, reason, cause.ToString(), stateEvent.Since), await WebhookSubscriptionsAsync());
        agent.State = to;
        agent.ReasonCode = reason;
        agent.PostProcessingUntil = until;
        return agent;
    }

    /// <summary>A reject or a lapse: the agent goes On Break (8x8) or RONA (Webex), by the agent's own policy or the global one.</summary>
    public async Task MissedOfferAsync(long agentId, MissedOffer missed)
    {
        var policy = (await AgentAsync(agentId)).RejectPolicy ?? options.RejectPolicy;
        var cause = missed == MissedOffer.Rejected ? StateCause.Reject : StateCause.Lapse;
        await MoveAgentAsync(agentId, policy == AgentState.Rona ? AgentState.Rona : AgentState.OnBreak, cause, MissedOffers.ReasonCode(missed));
    }

    /// <summary>After a chat, the agent wraps up in post processing for the queue's time (or the default).</summary>
    public async Task StartPostProcessingAsync(long agentId, long queueId)
    {
        var seconds = await Connection.ExecuteScalarAsync<int?>("SELECT post_processing_seconds FROM queues WHERE id = @queueId", new { queueId }, Tx)
            ?? options.PostProcessingSeconds;
        await MoveAgentAsync(agentId, AgentState.PostProcessing, StateCause.ChatEnded, null, seconds);
    }

    public async Task MoveConversationAsync(ConversationRow conversation, string to, string? extraSet = null, object? extraArgs = null)
    {
        if (!ConversationState.CanMove(conversation.State, to))
            throw Problem.Conflict($"The conversation is {conversation.State}; it cannot become {to}.");
        var from = conversation.State;
        var args = new DynamicParameters(extraArgs);
        args.AddDynamicParams(new { conversation.Id, to, conversation.State });
        var moved = await Connection.ExecuteAsync(
            $"UPDATE conversations SET state = @to{(extraSet is null ? "" : ", " + extraSet)} WHERE id = @Id AND state = @State", args, Tx);
        if (moved == 0) throw Problem.Conflict("The conversation changed meanwhile; try again.");
        conversation.State = to;
        if (to == ConversationState.Closed) await ReportRollup.ConversationClosedAsync(this, conversation.Id);
        if (to is ConversationState.WrapUp or ConversationState.Closed) await Supervision.ChatSupervisionStore.EndAllAsync(this, conversation);
        await ConversationEventAsync(conversation, inboxChanged: IsInInbox(from) || IsInInbox(to));
        if (ConversationState.Open.Contains(from) && !ConversationState.Open.Contains(to))
            await ConversationWebhookAsync(conversation, WebhookEventType.ConversationEnded);
    }

    /// <summary>conversation.created and conversation.ended for the outgoing webhooks, in this change's transaction.</summary>
    public async Task ConversationWebhookAsync(ConversationRow conversation, string type) =>
        await WebhookEvents.RaiseAsync(Connection, Tx, type, conversation.Id, Now, () => Task.FromResult<object>(type == WebhookEventType.ConversationCreated
            ? new WebhookConversationCreated(conversation.Id, conversation.Channel, conversation.CustomerId ?? 0, conversation.QueueId, conversation.State)
            : new WebhookConversationEnded(conversation.Id, conversation.Channel, conversation.CustomerId ?? 0, conversation.QueueId, conversation.State,
                conversation.OwnerId)), await WebhookSubscriptionsAsync());

    private static bool IsInInbox(string state) => state is ConversationState.Queued or ConversationState.Offered;

    /// <summary>Back to the head of its queue (reject, lapse, transfer, Send to Inbox): nothing is ever dropped.</summary>
    public async Task ReturnToQueueAsync(ConversationRow conversation, long? queueId = null, long? excludeAgentId = null, long? excludedUntil = null)
    {
        await MoveConversationAsync(conversation, ConversationState.Queued,
            "returned = 1, owner_id = NULL, queue_id = @queueId, excluded_agent_id = @excludeAgentId, excluded_until = @excludedUntil",
            new { queueId = queueId ?? conversation.QueueId, excludeAgentId, excludedUntil });
        conversation.QueueId = queueId ?? conversation.QueueId;
        DispatchNeeded = true;
    }

    public async Task<ParticipationRow> MoveParticipationAsync(ParticipationRow participation, string to)
    {
        if (!ParticipationState.CanMove(participation.State, to))
            throw Problem.Conflict($"That part of the chat is {participation.State}; it cannot become {to}.");
        // Accepting opens the chat in front of the agent: what the customer wrote so far counts as read.
        var moved = await Connection.ExecuteAsync($"""
            UPDATE participations SET state = @to,
                accepted_at = CASE WHEN @to = {ActiveSql} THEN @Now ELSE accepted_at END,
                read_up_to = CASE WHEN @to = {ActiveSql} THEN @Now ELSE read_up_to END,
                ended_at = CASE WHEN @to IN {EndedSql} THEN @Now ELSE ended_at END,
                wrapped_up_at = CASE WHEN @to = {DoneSql} THEN @Now ELSE wrapped_up_at END
            WHERE id = @Id AND state = @State
            """, new { participation.Id, participation.State, to, Now }, Tx);
        if (moved == 0) throw Problem.Conflict("That offer or chat changed meanwhile; try again.");
        ParticipantsChanged(participation.ConversationId);
        participation.State = to;
        return participation;
    }

    /// <summary>Appends a message (card numbers already masked) and tells everyone in the conversation.</summary>
    public async Task<MessageDto> AppendMessageAsync(ConversationRow conversation, string direction, string authorKind, long? authorId, string? authorName,
        string text, string status, string? channelMessageId = null, long? sentAt = null)
    {
        var at = sentAt ?? Now;
        var id = await Connection.ExecuteScalarAsync<long?>("""
            INSERT INTO messages (conversation_id, channel, direction, author_kind, author_id, author_name, text, channel_message_id, status, sent_at,
                                  created_at, public)
            VALUES (@conversationId, @Channel, @direction, @authorKind, @authorId, @authorName, @text, @channelMessageId, @status, @at, @Now,
                    (SELECT public FROM conversations WHERE id = @conversationId))
            ON CONFLICT DO NOTHING RETURNING id
            """,
            new
            {
                conversationId = conversation.Id, conversation.Channel, direction, authorKind, authorId, authorName, text, channelMessageId, status, at, Now,
            }, Tx)
            ?? throw new DuplicateMessageException();
        // A notice ("Ana joined the chat") is not what the customer or agent last said: the list preview keeps the last real message.
        if (direction != "system")
            await Connection.ExecuteAsync(
                """
                UPDATE conversations SET last_message_at = CASE WHEN last_message_at > @at THEN last_message_at ELSE @at END, last_message_preview = @preview
                WHERE id = @Id
                """,
                new { conversation.Id, at, preview = text.Length > 120 ? text[..120] + "…" : text }, Tx);
        var message = new MessageDto(id, direction, authorKind, authorName, text, channelMessageId, status, null, at);
        foreach (var audience in await AudiencesAsync(conversation, includeCustomer: true))
            await EventAsync(audience, new MessageAdded(conversation.Id, message));
        if (direction is "in" or "out") // notices ("Ana joined the chat") are not messages anyone sent
            await WebhookEvents.RaiseAsync(Connection, Tx, WebhookEventType.MessageCreated, conversation.Id, Now,
                new WebhookMessageCreated(conversation.Id, id, conversation.Channel, direction, authorKind, authorName, text, at),
                await WebhookSubscriptionsAsync());
        return message;
    }

    /// <summary>
    /// Tells the conversation's agents and supervisors that it changed; when it came into or left a queue, the Inbox nudge
    /// (<see cref="InboxWatch"/>) tells every desktop, so a busy center does not push each change to every desktop.
    /// </summary>
    public async Task ConversationEventAsync(ConversationRow conversation, bool inboxChanged)
    {
        var data = new ConversationChanged(conversation.Id, conversation.State, conversation.OwnerId, conversation.QueueId);
        InboxChanged |= inboxChanged;
        foreach (var audience in await AudiencesAsync(conversation, includeCustomer: false)) await EventAsync(audience, data);
        if (conversation.Channel == WebChatChannel.Name && conversation.State is ConversationState.WrapUp or ConversationState.Closed)
            await EventAsync(Audience.WebChat(conversation.Address), new ChatEnded(conversation.Id));
    }

    // A change tells the same conversation's agents several things: their list is read once, until a participation changes.
    private readonly Dictionary<long, IReadOnlyList<long>> agentsFollowing = [];

    /// <summary>Call after writing a participation of this conversation, so the next event reaches the right agents.</summary>
    public void ParticipantsChanged(long conversationId) => agentsFollowing.Remove(conversationId);

    /// <summary>Everyone who follows this conversation live: its agents, supervisors, and the web chat customer.</summary>
    public async Task<IReadOnlyList<string>> AudiencesAsync(ConversationRow conversation, bool includeCustomer)
    {
        if (!agentsFollowing.TryGetValue(conversation.Id, out var agents))
            agentsFollowing[conversation.Id] = agents = (await Connection.QueryAsync<long>(
                $"SELECT DISTINCT agent_id FROM participations WHERE conversation_id = @Id AND state IN {InChatSql}",
                new { conversation.Id }, Tx)).ToList();
        var audiences = agents.Select(Audience.User).Append(Audience.Supervisors).ToList();

        if (includeCustomer && conversation.Channel == WebChatChannel.Name) audiences.Add(Audience.WebChat(conversation.Address));
        return audiences;
    }
}

/// <summary>A platform delivered a message already stored: exactly once means it is acknowledged and ignored.</summary>
public sealed class DuplicateMessageException() : Exception("This message was already stored.");
