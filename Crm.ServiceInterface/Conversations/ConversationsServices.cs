using Crm.ServiceInterface.Cases;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Channels.WebChat;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;
using Crm.ServiceInterface.Supervision;

namespace Crm.ServiceInterface.Conversations;

/// <summary>What agents do with a chat: reply, transfer, conference, exit, send to inbox, end, wrap up, save to CRM.</summary>
public sealed class ConversationsServices(RoutingStore store, RoutingEngine engine, CasesServices cases, CrmDb db, TimeProvider time,
    Crm.ServiceInterface.Channels.ChannelRegistry channelRegistry, EntryFlow.EntryFlowEngine entryFlow)
{
    // Participation states as SQL, from the transition table: parts still in the chat, and parts of an agent who handled it.
    private static readonly string OfferedSql = StateSql.Of(ParticipationState.Offered), WrapUpSql = StateSql.Of(ParticipationState.WrapUp);
    private static readonly string MineActiveSql = ParticipationRow.OfAgentSql(ParticipationState.Active);
    private static readonly string UnfinishedSql = StateSql.List([ParticipationState.Offered, ParticipationState.Active, ParticipationState.WrapUp]);
    private static readonly string HandledSql = StateSql.List([ParticipationState.Active, ParticipationState.WrapUp, ParticipationState.Done]);

    public async Task<ConversationDto> GetAsync(long id, long viewerId, string? q, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var conversation = await ConversationReads.LoadAsync(c, null, id, viewerId, q, channelRegistry.Options.Messenger.HumanAgentTagEnabled)
            ?? throw Problem.NotFound($"There is no conversation {id}.");
        // Reading marks the chat read; a write only when something is unread, since every action returns the conversation.
        if (conversation.Mine is { State: ParticipationState.Active or ParticipationState.WrapUp } mine &&
            await c.ExecuteScalarAsync<long>("""
                SELECT EXISTS (SELECT 1 FROM messages m JOIN participations p ON p.id = @Id
                               WHERE m.conversation_id = p.conversation_id AND m.direction = 'in' AND m.created_at > p.read_up_to)
                """, new { mine.Id }) == 1)
            await db.InTransactionAsync((w, tx) =>
                w.ExecuteAsync("UPDATE participations SET read_up_to = @now WHERE id = @Id", new { mine.Id, now = time.NowMs() }, tx), ct);
        return conversation;
    }

    private static readonly string[] SocialChannels = [ChannelName.Messenger, ChannelName.WhatsApp, ChannelName.Sms, ChannelName.X];

    /// <summary>A platform's own limit (Messenger 2,000, SMS 1,600...) is refused now, in words, not found later as a failed send.</summary>
    internal void CheckPlatformLimit(string channel, string agentName, string text)
    {
        if (!SocialChannels.Contains(channel)) return;
        var adapter = channelRegistry.Get(channel);
        var sent = AgentName.Prefix(channelRegistry.Options.AgentNamePrefix, agentName, text);
        if (sent.Length > adapter.MaxTextLength)
            throw Problem.Invalid("text",
                $"{ChannelCatalog.Label(channel)} messages can be at most {adapter.MaxTextLength:N0} characters with your name in front " +
                $"(this one has {sent.Length:N0}); split it in two.");
    }

    public async Task<ConversationList> ListAsync(long agentId, string? view, bool everyQueue, CancellationToken ct = default)
    {
        var which = (view ?? "assigned").ToLowerInvariant();
        if (which is not ("inbox" or "assigned")) throw Problem.Invalid("view", "view is inbox or assigned.");
        await using var c = await db.OpenAsync(ct);
        return await ConversationReads.ListAsync(c, agentId, which, everyQueue);
    }

    public async Task<ConversationDto> AcceptAsync(long id, long agentId, CancellationToken ct = default)
    {
        await engine.AcceptAsync(id, agentId, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    public Task RejectAsync(long id, long agentId, CancellationToken ct = default) => engine.RejectAsync(id, agentId, ct);

    /// <summary>A reply in plain text; the customer sees it with the agent's name.</summary>
    public Task<MessageDto> SendAsync(long id, long agentId, SendMessage request, CancellationToken ct = default)
    {
        var text = PlainText.Check(request);
        var humanAgentTag = channelRegistry.Options.Messenger.HumanAgentTagEnabled;
        return store.WriteAsync(async change =>
        {
            // A supervisor who barged in writes to the customer like an agent, without a participation of their own.
            var conversation = await ChatSupervisionStore.JoinedConversationAsync(change, id, agentId)
                ?? (await InChatAsync(change, id, agentId)).Item1;
            var closes = await ConversationReads.WindowClosesAtAsync(change.Connection, change.Tx, conversation.Channel, conversation.Address, humanAgentTag);
            if (closes <= change.Now)
                throw Problem.Conflict($"The {ChannelCatalog.Label(conversation.Channel)} messaging window closed at " +
                    $"{DateTimeOffset.FromUnixTimeMilliseconds(closes.Value):yyyy-MM-dd HH:mm} UTC: " +
                    "the platform only lets you write again after the customer does.");
            var agent = await change.AgentAsync(agentId);
            CheckPlatformLimit(conversation.Channel, agent.DisplayName, text);
            var message = await change.AppendMessageAsync(conversation, "out", "agent", agentId, agent.DisplayName, text,
                OutboundStatus(conversation.Channel));
            if (message.Status == "queued") change.ScheduleOutbox(message.Id);
            return message;
        }, ct);
    }

    public async Task<ConversationDto> TransferAsync(long id, long agentId, TransferConversation request, CancellationToken ct = default)
    {
        if ((request.QueueId is null) == (request.AgentId is null))
            throw Problem.Invalid("queueId", "Transfer to a queue (queueId) or to an agent (agentId), one of the two.");
        await store.WriteAsync(async change =>
        {
            var (conversation, mine) = await OwnedAsync(change, id, agentId);
            var me = await change.AgentAsync(agentId);
            if (request.AgentId is { } targetId)
            {
                var target = await AvailableTargetAsync(change, conversation, targetId, agentId);
                await EndMyPartAsync(change, conversation, mine);
                await Playback.ConversationTimeline.WriteAsync(change.Connection, change.Tx, id, PlaybackEntryKind.Transferred, agentId,
                    $"{me.DisplayName} transferred the chat to {target.DisplayName}", change.Now);
                await change.Connection.ExecuteAsync("UPDATE conversations SET owner_id = NULL WHERE id = @Id", conversation, change.Tx);
                await change.AppendMessageAsync(conversation, "system", "system", null, null, CustomerNotices.BeingTransferred, "sent");
                await engine.OfferAsync(change, conversation, target.UserId, ParticipationKind.Transfer, me.DisplayName);
            }
            else
            {
                var queueId = request.QueueId!.Value;
                const string enabledQueue = "SELECT id FROM queues WHERE id = @queueId AND enabled = 1";
                if (await change.Connection.ExecuteScalarAsync<long?>(enabledQueue, new { queueId }, change.Tx) is null)
                    throw Problem.NotFound($"There is no queue {queueId} to transfer to.");
                await EndMyPartAsync(change, conversation, mine);
                var queueName = await change.Connection.ExecuteScalarAsync<string>(
                    "SELECT name FROM queues WHERE id = @queueId", new { queueId }, change.Tx);
                await Playback.ConversationTimeline.WriteAsync(change.Connection, change.Tx, id, PlaybackEntryKind.Transferred, agentId,
                    $"{me.DisplayName} transferred the chat to the {queueName} queue", change.Now);
                await change.AppendMessageAsync(conversation, "system", "system", null, null, CustomerNotices.BeingTransferred, "sent");
                await change.ReturnToQueueAsync(conversation, queueId);
                await entryFlow.QueueEnteredAsync(change, conversation); // a closed queue holds the chat until it opens
            }
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>Asks a second agent in: Conference Requested until they accept; the owner stays in charge.</summary>
    public async Task<ConversationDto> ConferenceAsync(long id, long agentId, ConferenceConversation request, CancellationToken ct = default)
    {
        await store.WriteAsync(async change =>
        {
            var (conversation, _) = await OwnedAsync(change, id, agentId);
            if (await change.Connection.ExecuteScalarAsync<long?>(
                    $"SELECT id FROM participations WHERE conversation_id = @id AND kind = 'conference' AND state IN {ParticipationState.HeldSql}",
                    new { id }, change.Tx) is not null)
                throw Problem.Conflict("A conference is already requested or running in this chat.");
            var target = await AvailableTargetAsync(change, conversation, request.AgentId, agentId);
            var me = await change.AgentAsync(agentId);
            await engine.OfferAsync(change, conversation, target.UserId, ParticipationKind.Conference, me.DisplayName);
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>Exit Conference: the guest leaves and wraps up; the chat goes on between the owner and the customer.</summary>
    public async Task<ConversationDto> ExitAsync(long id, long agentId, CancellationToken ct = default)
    {
        await store.WriteAsync(async change =>
        {
            var (conversation, mine) = await InChatAsync(change, id, agentId);
            if (mine.Kind != ParticipationKind.Conference)
                throw Problem.Conflict("Only a conference guest exits; the owner ends the chat or transfers it.");
            var me = await change.AgentAsync(agentId);
            await EndMyPartAsync(change, conversation, mine);
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{me.DisplayName} left the chat", "sent");
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>End (or End Conference): everyone in the chat goes to wrap-up and the customer sees that the agent left.</summary>
    public async Task<ConversationDto> EndAsync(long id, long agentId, CancellationToken ct = default)
    {
        await store.WriteAsync(async change =>
        {
            var (conversation, _) = await OwnedAsync(change, id, agentId);
            var me = await change.AgentAsync(agentId);
            var parts = await change.Connection.QueryAsync<ParticipationRow>(
                $"SELECT {ParticipationRow.Columns} FROM participations WHERE conversation_id = @id AND state IN {ParticipationState.HeldSql}",
                new { id }, change.Tx);
            foreach (var part in parts)
            {
                if (part.State == ParticipationState.Offered)
                {
                    await change.MoveParticipationAsync(part, ParticipationState.Revoked);
                    await change.EventAsync(Audience.User(part.AgentId), new OfferRevoked(id, part.Id, OfferRevokedReason.ConversationEnded));
                }
                else await EndMyPartAsync(change, conversation, part);
            }
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{me.DisplayName} left the chat", "sent");
            await change.MoveConversationAsync(conversation, ConversationState.WrapUp, "ended_at = @Now", new { change.Now });
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>
    /// Send to Inbox (Talkdesk): back to the head of the queue for someone else, no wrap-up for a chat handed back. The sender is skipped
    /// while another eligible agent is at work, for at most SendToInboxSkipSeconds (a stored deadline the sweep honours).
    /// </summary>
    public async Task<ConversationDto> SendToInboxAsync(long id, long agentId, CancellationToken ct = default)
    {
        await store.WriteAsync(async change =>
        {
            var (conversation, mine) = await OwnedAsync(change, id, agentId);
            await change.MoveParticipationAsync(mine, ParticipationState.Returned);
            await change.AppendMessageAsync(conversation, "system", "system", null, null, CustomerNotices.WaitingForNextAgent, "sent");
            var skipUntil = change.Now + store.Options.SendToInboxSkipSeconds * 1000L;
            await change.ReturnToQueueAsync(conversation, excludeAgentId: agentId, excludedUntil: skipUntil);
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>Picks a waiting chat from the Inbox: it becomes the caller's, as if they had accepted an offer.</summary>
    public async Task<ConversationDto> PickAsync(long id, long agentId, CancellationToken ct = default)
    {
        await engine.PickAsync(id, agentId, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>Submit Wrap Up: one or more reasons, and transaction codes (mandatory in some queues, 8x8).</summary>
    public async Task<ConversationDto> WrapUpAsync(long id, long agentId, WrapUpConversation request, CancellationToken ct = default)
    {
        if (request.ReasonIds.Count == 0) throw Problem.Invalid("reasonIds", "Pick at least one wrap-up reason.");
        await store.WriteAsync(async change =>
        {
            var c = change.Connection;
            var mine = await c.QuerySingleOrDefaultAsync<ParticipationRow>(
                $"""
                SELECT {ParticipationRow.Columns} FROM participations
                WHERE conversation_id = @id AND agent_id = @agentId AND state = {WrapUpSql} ORDER BY id DESC LIMIT 1
                """,
                new { id, agentId }, change.Tx) ?? throw Problem.Conflict("There is nothing of this chat for you to wrap up.");
            var conversation = await change.ConversationAsync(id);
            var reasons = await WrapUpCatalog.ReasonIdsAsync(c, change.Tx, request.ReasonIds);
            var codes = await WrapUpCatalog.CodeIdsAsync(c, change.Tx, request.TransactionCodes);
            var queue = await c.QuerySingleAsync<(string Name, bool Mandatory, bool SaveAtWrapUp)>(
                "SELECT name, transaction_codes_mandatory, save_transcript_at_wrapup FROM queues WHERE id = @QueueId", conversation, change.Tx);
            if (queue.Mandatory && codes.Count == 0)
                throw Problem.Invalid("transactionCodes", $"The {queue.Name} queue requires a transaction code.");

            await change.MoveParticipationAsync(mine, ParticipationState.Done);
            foreach (var reasonId in reasons)
                await c.ExecuteAsync("INSERT INTO participation_wrapup_reasons (participation_id, reason_id) VALUES (@Id, @reasonId)",
                    new { mine.Id, reasonId }, change.Tx);
            foreach (var codeId in codes)
                await c.ExecuteAsync("INSERT INTO participation_transaction_codes (participation_id, code_id) VALUES (@Id, @codeId)",
                    new { mine.Id, codeId }, change.Tx);

            var open = await c.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM participations WHERE conversation_id = @id AND state IN {UnfinishedSql}", new { id }, change.Tx);
            if (conversation.State == ConversationState.WrapUp && open == 0)
                await change.MoveConversationAsync(conversation, ConversationState.Closed, "closed_at = @Now", new { change.Now });
            // The queue files the transcript itself at wrap-up (8x8's option), unless the agent already saved it.
            if (queue.SaveAtWrapUp
                && await c.ExecuteScalarAsync<long?>("SELECT id FROM cases WHERE conversation_id = @id LIMIT 1", new { id }, change.Tx) is null)
                await FileTranscriptAsync(change, conversation, agentId, new SaveToCrm());
            // Post processing held open only by the missing code ends now if its time is up.
            var me = await change.AgentAsync(agentId);
            if (me.State == AgentState.PostProcessing && me.PostProcessingUntil <= change.Now
                && !await AgentsServices.MandatoryCodePendingAsync(change, agentId))
                await change.MoveAgentAsync(agentId, AgentState.Available, StateCause.Timer);
        }, ct);
        return await GetAsync(id, agentId, null, ct);
    }

    /// <summary>Save to CRM (8x8): during the chat, a closed case on the customer; after the end, an independent open case.</summary>
    public Task<CaseDto> SaveToCrmAsync(long id, long agentId, SaveToCrm request, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            if (await change.Connection.ExecuteScalarAsync<long?>(
                    $"SELECT id FROM participations WHERE conversation_id = @id AND agent_id = @agentId AND state IN {HandledSql} LIMIT 1",
                    new { id, agentId }, change.Tx) is null)
                throw Problem.Forbidden("Only an agent who handled this chat saves it to the CRM.");
            return await FileTranscriptAsync(change, await change.ConversationAsync(id), agentId, request);
        }, ct);

    private async Task<CaseDto> FileTranscriptAsync(RoutingTx change, ConversationRow conversation, long agentId, SaveToCrm request)
    {
        var (c, id) = (change.Connection, conversation.Id);
        var during = conversation.State == ConversationState.Active;
        var customerName = conversation.CustomerId is { } cid
            ? await c.ExecuteScalarAsync<string>("SELECT name FROM customers WHERE id = @cid", new { cid }, change.Tx)
            : null;
        var reasons = await c.QueryAsync<long>("""
            SELECT DISTINCT r.reason_id FROM participation_wrapup_reasons r JOIN participations p ON p.id = r.participation_id
            WHERE p.conversation_id = @id
            """, new { id }, change.Tx);
        var codes = (await WrapUpCatalog.CodeIdsAsync(c, change.Tx, request.TransactionCodes)).Concat(await c.QueryAsync<long>("""
            SELECT DISTINCT t.code_id FROM participation_transaction_codes t JOIN participations p ON p.id = t.participation_id
            WHERE p.conversation_id = @id
            """, new { id }, change.Tx)).Distinct().ToList();
        var transcript = ConversationReads.Transcript(await ConversationReads.MessagesAsync(c, change.Tx, id, null));
        var subject = string.IsNullOrWhiteSpace(request.Subject)
            ? $"{ChannelCatalog.ChatLabel(conversation.Channel)}{(customerName is null ? "" : " with " + customerName)}"
            : request.Subject.Trim();
        return await cases.SaveTranscriptAsync(c, change.Tx,
            new TranscriptCase(subject, transcript, during ? conversation.CustomerId : null, id, conversation.Channel, codes, reasons.ToList(),
                conversation.QueueId), agentId);
    }

    /// <summary>
    /// The customer left (web chat's "End chat"): a chat nobody answered yet is abandoned and closes, its offer withdrawn;
    /// an answered one tells its agents, who end it and wrap up as usual. Returns false when there was nothing open.
    /// </summary>
    public Task<bool> CustomerLeftAsync(string channel, string address, string customerName, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var conversation = await change.Connection.QuerySingleOrDefaultAsync<ConversationRow>(
                $"""
                SELECT {ConversationRow.Columns} FROM conversations
                WHERE channel = @channel AND address = @address AND state IN {ConversationState.OpenStatesSql} ORDER BY id DESC LIMIT 1
                """,
                new { channel, address }, change.Tx);
            if (conversation is null) return false;
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{customerName} left the chat", "sent");
            if (conversation.State == ConversationState.Active) return true;
            foreach (var offer in await change.Connection.QueryAsync<ParticipationRow>(
                $"SELECT {ParticipationRow.Columns} FROM participations WHERE conversation_id = @Id AND state = {OfferedSql}", conversation, change.Tx))
            {
                await change.MoveParticipationAsync(offer, ParticipationState.Revoked);
                await change.EventAsync(Audience.User(offer.AgentId), new OfferRevoked(conversation.Id, offer.Id, OfferRevokedReason.CustomerLeft));
            }
            await change.MoveConversationAsync(conversation, ConversationState.Closed, "ended_at = @Now, closed_at = @Now", new { change.Now });
            return true;
        }, ct);

    private static string OutboundStatus(string channel) => channel == WebChatChannel.Name ? "sent" : "queued";

    internal static async Task EndMyPartAsync(RoutingTx change, ConversationRow conversation, ParticipationRow part)
    {
        await change.MoveParticipationAsync(part, ParticipationState.WrapUp);
        await change.StartPostProcessingAsync(part.AgentId, conversation.QueueId);
        var wrapUp = new ConversationChanged(conversation.Id, conversation.State, conversation.OwnerId, conversation.QueueId, WrapUp: true);
        await change.EventAsync(Audience.User(part.AgentId), wrapUp);
    }

    /// <summary>The caller's active part in the chat, or a problem saying why they cannot act on it.</summary>
    internal static async Task<(ConversationRow, ParticipationRow)> InChatAsync(RoutingTx change, long id, long agentId)
    {
        var conversation = await change.ConversationAsync(id);
        var mine = await change.Connection.QuerySingleOrDefaultAsync<ParticipationRow>(MineActiveSql, new { conversationId = id, agentId }, change.Tx);
        if (mine is null || conversation.State != ConversationState.Active)
            throw Problem.Conflict($"You are not in this chat (it is {conversation.State}).");
        return (conversation, mine);
    }

    private static async Task<(ConversationRow, ParticipationRow)> OwnedAsync(RoutingTx change, long id, long agentId)
    {
        var (conversation, mine) = await InChatAsync(change, id, agentId);
        if (conversation.OwnerId != agentId)
            throw Problem.Forbidden("Only the agent who owns the chat does this; a conference guest can Exit Conference.");
        return (conversation, mine);
    }

    /// <summary>A transfer or conference target: another agent, Available, with room for one more chat.</summary>
    private static async Task<AgentRow> AvailableTargetAsync(RoutingTx change, ConversationRow conversation, long targetId, long agentId)
    {
        if (targetId == agentId) throw Problem.Invalid("agentId", "Choose another agent than yourself.");
        const string isAgent = "SELECT user_id FROM user_roles WHERE user_id = @targetId AND role = 'Agent'";
        if (await change.Connection.ExecuteScalarAsync<long?>(isAgent, new { targetId }, change.Tx) is null)
            throw Problem.NotFound($"There is no agent {targetId}.");
        var target = await change.AgentAsync(targetId);
        if (target.State != AgentState.Available || await change.LoadAsync(targetId) >= target.Capacity)
            throw Problem.Conflict($"{target.DisplayName} is not available ({target.State}); refresh the list and choose someone who is.");
        if (await change.Connection.ExecuteScalarAsync<long?>(
                $"SELECT id FROM participations WHERE conversation_id = @Id AND agent_id = @targetId AND state IN {ParticipationState.HeldSql}",
                new { conversation.Id, targetId }, change.Tx) is not null)
            throw Problem.Conflict($"{target.DisplayName} is already in this chat.");
        return target;
    }
}
