using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.EntryFlow;
using Crm.ServiceInterface.Events;

namespace Crm.ServiceInterface.Routing;

/// <summary>
/// How a chat reaches an agent: the longest-waiting conversation goes to the longest-idle Available agent with the queue's
/// skills and free capacity; the offer carries the screen pop and lapses after the acceptance interval.
/// </summary>
public sealed class RoutingEngine(
    RoutingStore store, CrmDb db, ScreenPopServices screenPop, RoutingTimers timers, RoutingDeadlines deadlines, TimeProvider time,
    EntryFlowEngine entryFlow)
{
    private const int QueueScanLimit = 500;
    private static readonly string OpenOffersSql = StateSql.List([ParticipationState.Offered]);
    private static readonly string PostProcessingSql = StateSql.List([AgentState.PostProcessing]);
    // One state each, spelled into the SQL so the partial indexes on state (open offers, one offer per chat) stay usable.
    private static readonly string OfferedSql = StateSql.Of(ParticipationState.Offered), ActiveSql = StateSql.Of(ParticipationState.Active);
    private static readonly string QueuedSql = StateSql.Of(ConversationState.Queued);
    private static readonly string AvailableSql = StateSql.Of(AgentState.Available), OfflineSql = StateSql.Of(AgentState.Offline),
        PostProcessingAgentSql = StateSql.Of(AgentState.PostProcessing);

    /// <summary>Offers queued conversations to eligible agents; returns how many offers it made.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct = default)
    {
        if (!await AnythingToMatchAsync(ct)) return 0; // most kicks find nothing: no write lock for them
        return await store.WriteAsync(async change =>
        {
            var c = change.Connection;
            var agents = (await c.QueryAsync<FreeAgent>($"""
                SELECT s.user_id AS Id, COALESCE(p.capacity, 1) AS Capacity,
                       (SELECT COUNT(*) FROM participations x WHERE x.agent_id = s.user_id AND x.state IN {ParticipationState.HeldSql}) AS Load
                FROM agent_states s LEFT JOIN agent_profiles p ON p.user_id = s.user_id
                WHERE s.state = {AvailableSql}
                  AND NOT EXISTS (SELECT 1 FROM agent_presence x WHERE x.user_id = s.user_id AND x.disconnected_at IS NOT NULL)
                ORDER BY s.idle_since, s.user_id
                """, transaction: change.Tx)).Where(a => a.Load < a.Capacity).ToList();
            if (agents.Count == 0) return 0;

            // Members who hold every skill the queue asks for.
            var eligible = (await c.QueryAsync<(long QueueId, long UserId)>("""
                SELECT m.queue_id, m.user_id FROM queue_members m JOIN queues q ON q.id = m.queue_id AND q.enabled = 1
                WHERE NOT EXISTS (SELECT 1 FROM queue_skills qs WHERE qs.queue_id = m.queue_id
                    AND NOT EXISTS (SELECT 1 FROM agent_skills s WHERE s.user_id = m.user_id AND s.skill_id = qs.skill_id))
                """, transaction: change.Tx)).ToLookup(e => e.QueueId, e => e.UserId);
            var queued = await c.QueryAsync<ConversationRow>(
                $"SELECT {ConversationRow.Columns} FROM conversations WHERE state = {QueuedSql} AND hold IS NULL " +
                $"ORDER BY returned DESC, waiting_since, id LIMIT {QueueScanLimit}",
                transaction: change.Tx);

            HashSet<long>? atWork = null; // read only when a chat sent to the Inbox waits
            var offers = 0;
            foreach (var conversation in queued)
            {
                long? skipped = null;
                if (conversation.ExcludedAgentId is { } sender && conversation.ExcludedUntil > change.Now)
                {
                    atWork ??= (await c.QueryAsync<long>($"SELECT user_id FROM agent_states WHERE state <> {OfflineSql}", transaction: change.Tx))
                        .ToHashSet();
                    if (eligible[conversation.QueueId].Any(id => id != sender && atWork.Contains(id))) skipped = sender;
                }
                var agent = agents.FirstOrDefault(a => a.Load < a.Capacity && a.Id != skipped && eligible[conversation.QueueId].Contains(a.Id));
                if (agent is null) continue;
                await OfferAsync(change, conversation, agent.Id, ParticipationKind.Route, null);
                agent.Load++;
                agents.Remove(agent);
                agents.Add(agent); // just offered: now the least idle
                offers++;
                if (agents.All(a => a.Load >= a.Capacity)) break;
            }
            return offers;
        }, ct);
    }

    /// <summary>Offers one conversation to one agent: the participation, the conversation's state, the lapse timer and the offer event.</summary>
    internal async Task<long> OfferAsync(RoutingTx change, ConversationRow conversation, long agentId, string kind, string? fromAgent)
    {
        var c = change.Connection;
        var acceptance = await c.ExecuteScalarAsync<int?>("SELECT acceptance_seconds FROM queues WHERE id = @QueueId", conversation, change.Tx)
            ?? store.Options.AcceptanceSeconds;
        var expiresAt = change.Now + acceptance * 1000L;
        var participationId = await c.ExecuteScalarAsync<long>($"""
            INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, expires_at)
            VALUES (@conversationId, @agentId, @kind, {OfferedSql}, @Now, @expiresAt) RETURNING id
            """, new { conversationId = conversation.Id, agentId, kind, change.Now, expiresAt }, change.Tx);
        change.ParticipantsChanged(conversation.Id);
        if (kind != ParticipationKind.Conference)
            await change.MoveConversationAsync(conversation, ConversationState.Offered, "excluded_agent_id = NULL, excluded_until = NULL");
        await c.ExecuteAsync("UPDATE agent_states SET idle_since = @Now WHERE user_id = @agentId", new { agentId, change.Now }, change.Tx);
        change.Deadlines.Add(expiresAt);
        var offer = await OfferDtoAsync(change, conversation, participationId, kind, fromAgent, expiresAt);
        await change.EventAsync(Audience.User(agentId), new OfferMade(offer));
        return participationId;
    }

    public async Task AcceptAsync(long conversationId, long agentId, CancellationToken ct = default)
    {
        if (await PendingOfferAsync(conversationId, agentId, ct) is { } pending && pending.ExpiresAt <= time.NowMs())
        {
            await LapseAsync(pending.Id, ct);
            throw Problem.Conflict("The acceptance interval ran out; the chat went back to its queue.");
        }
        await store.WriteAsync(async change =>
        {
            var offer = await OfferForAsync(change, conversationId, agentId);
            await change.MoveParticipationAsync(offer, ParticipationState.Active);
            var conversation = await change.ConversationAsync(conversationId);
            if (offer.Kind != ParticipationKind.Conference)
                await change.MoveConversationAsync(conversation, ConversationState.Active, "owner_id = @agentId", new { agentId });
            conversation.OwnerId ??= agentId;
            var agent = await change.AgentAsync(agentId);
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{agent.DisplayName} joined the chat", "sent");
        }, ct);
    }

    /// <summary>An agent takes a waiting chat from the Inbox (Talkdesk): a member of its queue, with its skills and room for one more chat.</summary>
    public async Task PickAsync(long conversationId, long agentId, CancellationToken ct = default) =>
        await store.WriteAsync(async change =>
        {
            var c = change.Connection;
            var conversation = await change.ConversationAsync(conversationId);
            var agent = await change.AgentAsync(agentId);
            await CheckPickableAsync(change, conversation, agent);
            await c.ExecuteAsync($"""
                INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, accepted_at, read_up_to)
                VALUES (@Id, @agentId, 'route', {ActiveSql}, @Now, @Now, @Now)
                """, new { conversation.Id, agentId, change.Now }, change.Tx);
            change.ParticipantsChanged(conversation.Id);
            await change.MoveConversationAsync(conversation, ConversationState.Active,
                "owner_id = @agentId, excluded_agent_id = NULL, excluded_until = NULL", new { agentId });
            conversation.OwnerId = agentId;
            await c.ExecuteAsync("UPDATE agent_states SET idle_since = @Now WHERE user_id = @agentId", new { agentId, change.Now }, change.Tx);
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{agent.DisplayName} joined the chat", "sent");
        }, ct);

    /// <summary>Why this agent cannot pick this chat from the Inbox, as a 409 in words; nothing when they can.</summary>
    private static async Task CheckPickableAsync(RoutingTx change, ConversationRow conversation, AgentRow agent)
    {
        var c = change.Connection;
        if (conversation.State == ConversationState.Offered)
        {
            var offeredTo = await c.ExecuteScalarAsync<long>(
                $"SELECT agent_id FROM participations WHERE conversation_id = @Id AND state = {OfferedSql} AND kind <> 'conference'",
                conversation, change.Tx);
            throw Problem.Conflict(offeredTo == agent.UserId
                ? "This chat is being offered to you: accept the offer instead."
                : "This chat is being offered to another agent right now; you can pick it if it comes back to the Inbox.");
        }
        if (conversation.State != ConversationState.Queued)
            throw Problem.Conflict(conversation.State == ConversationState.Active
                ? "Another agent already took this chat." : "This chat has ended; there is nothing to pick up.");
        var queue = await c.ExecuteScalarAsync<string>("SELECT name FROM queues WHERE id = @QueueId", conversation, change.Tx);
        if (await c.ExecuteScalarAsync<long?>("SELECT user_id FROM queue_members WHERE queue_id = @QueueId AND user_id = @UserId",
                new { conversation.QueueId, agent.UserId }, change.Tx) is null)
            throw Problem.Conflict($"You are not a member of the {queue} queue, so its chats are not yours to pick.");
        var missing = (await c.QueryAsync<string>("""
            SELECT s.name FROM queue_skills qs JOIN skills s ON s.id = qs.skill_id
            WHERE qs.queue_id = @QueueId AND NOT EXISTS (SELECT 1 FROM agent_skills a WHERE a.user_id = @UserId AND a.skill_id = qs.skill_id)
            ORDER BY s.name
            """, new { conversation.QueueId, agent.UserId }, change.Tx)).ToList();
        if (missing.Count > 0)
            throw Problem.Conflict(
                $"The {queue} queue needs the skill{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}, which you do not have.");
        if (agent.State == AgentState.Offline)
            throw Problem.Conflict("You are Offline: go Available or On Break before you pick a chat.");
        var load = await change.LoadAsync(agent.UserId);
        if (load >= agent.Capacity)
            throw Problem.Conflict(
                $"You already hold {load} of your {agent.Capacity} chat{(agent.Capacity == 1 ? "" : "s")}: finish one before you pick another.");
    }

    public async Task RejectAsync(long conversationId, long agentId, CancellationToken ct = default) =>
        await store.WriteAsync(async change =>
        {
            var agent = await change.AgentAsync(agentId);
            if (!agent.CanReject)
                throw Problem.Forbidden("Rejecting chats is not enabled for you; accept the chat or let your supervisor change your permissions.");
            var offer = await OfferForAsync(change, conversationId, agentId);
            await SettleMissedOfferAsync(change, offer, MissedOffer.Rejected);
        }, ct);

    /// <summary>The acceptance interval ran out (the Quartz job, or the sweep): does nothing if the offer was settled meanwhile.</summary>
    public async Task LapseAsync(long participationId, CancellationToken ct = default)
    {
        await using (var c = await db.OpenAsync(ct))
            if (await c.ExecuteScalarAsync<string>("SELECT state FROM participations WHERE id = @participationId", new { participationId })
                != ParticipationState.Offered)
                return; // most jobs find their offer accepted: no write for them
        await store.WriteAsync(async change =>
        {
            var offer = await change.Connection.QuerySingleOrDefaultAsync<ParticipationRow>(
                $"SELECT {ParticipationRow.Columns} FROM participations WHERE id = @participationId", new { participationId }, change.Tx);
            if (offer is not { State: ParticipationState.Offered } || offer.ExpiresAt > change.Now) return;
            await SettleMissedOfferAsync(change, offer, MissedOffer.Lapsed);
        }, ct);
    }

    /// <summary>
    /// Lapses the offers and ends the post processing whose stored deadline has come, then arms the wake-up for the earliest
    /// one left (a deadline this node never heard of: set by another node, or before a restart, is found here).
    /// </summary>
    public async Task SettleDueAsync(CancellationToken ct = default)
    {
        var now = time.NowMs();
        await using var c = await db.OpenAsync(ct);
        foreach (var id in await c.QueryAsync<long>($"SELECT id FROM participations WHERE state = {OfferedSql} AND expires_at <= @now", new { now }))
            await LapseAsync(id, ct);
        var postProcessingDue = $"SELECT user_id FROM agent_states WHERE state = {PostProcessingAgentSql} AND post_processing_until <= @now";
        foreach (var agentId in await c.QueryAsync<long>(postProcessingDue, new { now }))
            await AgentsServices.EndPostProcessingAsync(store, agentId, ct);
        // The states spelled into the SQL (not parameters), so SQLite uses the partial index of open offers. Only deadlines still
        // to come: one already past is an agent kept in post processing for a transaction code, and re-arming it spun the engine.
        var (offer, postProcessing) = await c.QuerySingleAsync<(long?, long?)>($"""
            SELECT (SELECT MIN(expires_at) FROM participations WHERE state IN {OpenOffersSql} AND expires_at > @now) AS offer,
                   (SELECT MIN(post_processing_until) FROM agent_states
                    WHERE state IN {PostProcessingSql} AND post_processing_until > @now) AS post_processing
            """, new { now });
        if (offer is { } o) deadlines.Expect(o);
        if (postProcessing is { } p) deadlines.Expect(p);
    }

    /// <summary>Settles what a lost signal or a crash left behind: due deadlines, replies owed to a platform, held conversations.</summary>
    public async Task SweepAsync(CancellationToken ct = default)
    {
        await SettleDueAsync(ct);
        var now = time.NowMs();
        await using var c = await db.OpenAsync(ct);
        // Replies still owed to a platform whose job is gone: queued ones by age, retrying ones by their overdue next attempt.
        foreach (var (messageId, attempts) in await c.QueryAsync<(long, int)>("""
            SELECT id, send_attempts FROM messages WHERE status = 'queued' AND created_at <= @due
            UNION ALL SELECT id, send_attempts FROM messages WHERE status = 'retrying' AND next_attempt_at <= @due
            """, new { due = now - 10_000 }))
            await timers.EnsureOutboxAsync(messageId, now, attempts);
        await entryFlow.SweepAsync(ct); // conversations held by the entry flow whose entry point has opened
    }

    private static async Task SettleMissedOfferAsync(RoutingTx change, ParticipationRow offer, MissedOffer missed)
    {
        await change.MoveParticipationAsync(offer, missed == MissedOffer.Rejected ? ParticipationState.Rejected : ParticipationState.Lapsed);
        var reason = missed == MissedOffer.Rejected ? OfferRevokedReason.Rejected : OfferRevokedReason.Lapsed;
        await change.EventAsync(Audience.User(offer.AgentId), new OfferRevoked(offer.ConversationId, offer.Id, reason));
        await change.MissedOfferAsync(offer.AgentId, missed);
        var conversation = await change.ConversationAsync(offer.ConversationId);
        if (offer.Kind == ParticipationKind.Conference)
            await change.ConversationEventAsync(conversation, inboxChanged: false); // the owner sees the conference was not taken; the chat goes on
        else
            await change.ReturnToQueueAsync(conversation);
    }

    private static readonly string OfferSql = ParticipationRow.OfAgentSql(ParticipationState.Offered);

    private static async Task<ParticipationRow> OfferForAsync(RoutingTx change, long conversationId, long agentId) =>
        await change.Connection.QuerySingleOrDefaultAsync<ParticipationRow>(OfferSql, new { conversationId, agentId }, change.Tx)
        ?? throw Problem.Conflict("This chat is not offered to you (the offer may have lapsed or been taken back).");

    private async Task<ParticipationRow?> PendingOfferAsync(long conversationId, long agentId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ParticipationRow>(OfferSql, new { conversationId, agentId });
    }

    private async Task<bool> AnythingToMatchAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(
            $"SELECT EXISTS (SELECT 1 FROM conversations WHERE state = {QueuedSql} AND hold IS NULL) " +
            $"AND EXISTS (SELECT 1 FROM agent_states WHERE state = {AvailableSql})") == 1;
    }

    /// <summary>The offers waiting for this agent, as their offer events carried them: a reload of the desktop loses none.</summary>
    public async Task<IReadOnlyList<OfferDto>> PendingOffersAsync(long agentId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var offers = await c.QueryAsync<(long Id, long ConversationId, string Kind, long OfferedAt, long ExpiresAt, string? FromAgent)>($"""
            SELECT p.id, p.conversation_id, p.kind, p.offered_at, p.expires_at,
                   (SELECT u.display_name FROM participations b JOIN users u ON u.id = b.agent_id
                    WHERE b.conversation_id = p.conversation_id AND b.id < p.id AND b.kind <> 'conference' AND b.accepted_at IS NOT NULL
                    ORDER BY b.id DESC LIMIT 1)
            FROM participations p WHERE p.agent_id = @agentId AND p.state = {OfferedSql} AND p.expires_at > @now ORDER BY p.offered_at
            """, new { agentId, now = time.NowMs() });
        var result = new List<OfferDto>();
        foreach (var offer in offers)
        {
            var conversation = await c.QuerySingleAsync<ConversationRow>(
                $"SELECT {ConversationRow.Columns} FROM conversations WHERE id = @id", new { id = offer.ConversationId });
            var fromAgent = offer.Kind == ParticipationKind.Route ? null : offer.FromAgent;
            result.Add(await OfferDtoAsync(c, null, conversation, offer.Id, offer.Kind, fromAgent, offer.OfferedAt, offer.ExpiresAt, ct));
        }
        return result;
    }

    private Task<OfferDto> OfferDtoAsync(RoutingTx change, ConversationRow conversation, long participationId, string kind, string? fromAgent,
        long expiresAt) =>
        OfferDtoAsync(change.Connection, change.Tx, conversation, participationId, kind, fromAgent, change.Now, expiresAt, CancellationToken.None);

    private async Task<OfferDto> OfferDtoAsync(DbConnection c, DbTransaction? tx, ConversationRow conversation, long participationId, string kind,
        string? fromAgent, long offeredAt, long expiresAt, CancellationToken ct)
    {
        var info = await c.QuerySingleAsync<(string QueueName, string? CustomerName, long CustomerCreated)>("""
            SELECT q.name, cu.name, v.customer_created FROM conversations v JOIN queues q ON q.id = v.queue_id
            LEFT JOIN customers cu ON cu.id = v.customer_id WHERE v.id = @Id
            """, conversation, tx);
        var transcript = await ConversationReads.MessagesAsync(c, tx, conversation.Id, null);
        var pop = await screenPop.ForConversationAsync(c, tx, conversation.CustomerId, info.CustomerCreated == 1, ct);
        return new OfferDto(participationId, conversation.Id, kind, conversation.Channel, conversation.Address, info.QueueName, info.CustomerName,
            conversation.Source, fromAgent, offeredAt, expiresAt, pop, transcript)
        {
            AddressFormatted = IdentityAddress.Formatted(conversation.Channel, conversation.Address),
        };
    }

    private sealed class FreeAgent
    {
        public long Id { get; set; }
        public int Capacity { get; set; }
        public int Load { get; set; }
    }
}
