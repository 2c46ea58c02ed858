using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Supervision;

/// <summary>A supervisor stepping into a chat (Genesys): silent monitor, whisper (coaching), barge-in, take-over, leave; each audited.</summary>
public sealed class ChatSupervisionServices(RoutingStore store, CrmDb db, ChatSupervisionOptions options)
{
    // A chat in progress is being offered or is active; a supervisor who takes over joins like an accepted transfer.
    private static readonly string InProgressSql = StateSql.List([ConversationState.Offered, ConversationState.Active]);
    private static readonly string OfferedSql = StateSql.Of(ParticipationState.Offered), ActiveSql = StateSql.Of(ParticipationState.Active);

    public Task<ChatSupervisionDto> MonitorAsync(long id, long supervisorId, CancellationToken ct = default) =>
        StepAsync(id, supervisorId, SupervisorAction.Monitor, ct);

    public Task<ChatSupervisionDto> BargeAsync(long id, long supervisorId, CancellationToken ct = default) =>
        StepAsync(id, supervisorId, SupervisorAction.Barge, ct);

    public Task<ChatSupervisionDto> LeaveAsync(long id, long supervisorId, CancellationToken ct = default) =>
        StepAsync(id, supervisorId, SupervisorAction.Leave, ct);

    /// <summary>Coaching: a message for the chat's agents and supervisors only; it is never sent to the customer or a channel.</summary>
    public Task<MessageDto> WhisperAsync(long id, long supervisorId, WhisperToAgent request, CancellationToken ct = default)
    {
        var validation = new Validation()
            .Required(request.Text, "text", "Write what you want to tell the agent.")
            .MaxLength(request.Text, 4000, "text", "A coaching message");
        validation.ThrowIfInvalid();
        var text = PlainText.Check(request.Text, "text");
        return store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(id);
            var name = await ApplyAsync(change, conversation, supervisorId, SupervisorAction.Whisper, $"Coaching: {text}");
            var whisperId = await change.Connection.ExecuteScalarAsync<long>("""
                INSERT INTO whispers (conversation_id, author_id, author_name, text, created_at) VALUES (@id, @supervisorId, @name, @text, @Now) RETURNING id
                """, new { id, supervisorId, name, text, change.Now }, change.Tx);
            var message = ChatSupervisionStore.ToMessage(whisperId, name, text, change.Now);
            foreach (var audience in await change.AudiencesAsync(conversation, includeCustomer: false))
                await change.EventAsync(audience, new MessageAdded(id, message)); // only the agents and supervisors: never the customer
            return message;
        }, ct);
    }

    /// <summary>The supervisor becomes the owner: the agent goes to wrap-up for it, the supervisor chats and ends it like an agent.</summary>
    public async Task<ChatSupervisionDto> TakeOverAsync(long id, long supervisorId, CancellationToken ct = default)
    {
        await store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(id);
            if (conversation.OwnerId == supervisorId) throw Problem.Conflict("You already own this chat.");
            var parts = (await change.Connection.QueryAsync<ParticipationRow>(
                $"SELECT {ParticipationRow.Columns} FROM participations WHERE conversation_id = @id AND state = {ActiveSql}",
                new { id }, change.Tx)).ToList();
            if (parts.Any(p => p.AgentId == supervisorId))
                throw Problem.Conflict("You are in this chat as a conference guest; the owner can transfer it to you.");
            var owner = parts.SingleOrDefault(p => p.AgentId == conversation.OwnerId);
            var ownerName = owner is null ? "nobody" : await NameAsync(change, owner.AgentId);
            await ApplyAsync(change, conversation, supervisorId, SupervisorAction.TakeOver, $"Took the chat over from {ownerName}");
            if (owner is not null)
            {
                await ConversationsServices.EndMyPartAsync(change, conversation, owner);
                await change.EventAsync(Audience.User(owner.AgentId), new ChatTakenOver(id, supervisorId, await NameAsync(change, supervisorId)));
            }

            var mine = await change.Connection.QuerySingleAsync<ParticipationRow>($"""
                INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at) VALUES (@id, @supervisorId, 'transfer', {OfferedSql}, @Now)
                RETURNING {ParticipationRow.Columns}
                """, new { id, supervisorId, change.Now }, change.Tx);
            await change.MoveParticipationAsync(mine, ParticipationState.Active);
            await change.Connection.ExecuteAsync("UPDATE conversations SET owner_id = @supervisorId WHERE id = @id", new { id, supervisorId }, change.Tx);
            conversation.OwnerId = supervisorId;
            await change.ConversationEventAsync(conversation, inboxChanged: false);
        }, ct);
        return await GetAsync(id, supervisorId, seesAll: true, ct);
    }

    /// <summary>Who supervises the chat, as this viewer may know it (an agent is not told of a hidden silent monitor).</summary>
    public async Task<ChatSupervisionDto> GetAsync(long id, long viewerId, bool seesAll, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<long?>("SELECT id FROM conversations WHERE id = @id", new { id }) is null)
            throw Problem.NotFound($"There is no conversation {id}.");
        var all = await ChatSupervisionStore.OpenAsync(c, null, id);
        var shown = seesAll ? all : SupervisionMachine.ForAgents(all, options.ShowMonitorIndicator);
        var tookOverBy = await c.ExecuteScalarAsync<string?>("""
            SELECT u.display_name FROM supervisions s JOIN users u ON u.id = s.supervisor_id
            WHERE s.conversation_id = @id AND s.mode = 'TookOver' ORDER BY s.id DESC LIMIT 1
            """, new { id });
        return new ChatSupervisionDto(id, shown, all.FirstOrDefault(s => s.SupervisorId == viewerId)?.Mode, tookOverBy);
    }

    /// <summary>Chats in progress (Offered or Active): the agent, customer, channel, queue, since when, and who supervises them.</summary>
    public async Task<IReadOnlyList<ChatInProgress>> InProgressAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var supervisors = await ChatSupervisionStore.OpenByConversationAsync(c);
        var rows = await c.QueryAsync<InProgressRow>($"""
            SELECT v.id, v.channel, v.state, q.name AS QueueName, v.customer_id AS CustomerId, cu.name AS CustomerName, v.address,
                   p.agent_id AS AgentId, a.display_name AS AgentName, COALESCE(p.accepted_at, p.offered_at, v.waiting_since) AS Since
            FROM conversations v JOIN queues q ON q.id = v.queue_id LEFT JOIN customers cu ON cu.id = v.customer_id
            LEFT JOIN participations p ON p.id = (SELECT MAX(x.id) FROM participations x
                                                  WHERE x.conversation_id = v.id AND x.state IN {ParticipationState.HeldSql} AND x.kind <> 'conference')
            LEFT JOIN users a ON a.id = p.agent_id
            WHERE v.state IN {InProgressSql}
            ORDER BY Since
            """);
        return rows.Select(r => new ChatInProgress(r.Id, r.Channel, r.State, r.QueueName, r.CustomerId, r.CustomerName, r.Address,
            r.AgentId, r.AgentName, r.Since, supervisors[r.Id].ToList())).ToList();
    }

    private async Task<ChatSupervisionDto> StepAsync(long id, long supervisorId, SupervisorAction action, CancellationToken ct)
    {
        await store.WriteAsync(async change => await ApplyAsync(change, await change.ConversationAsync(id), supervisorId, action, null), ct);
        return await GetAsync(id, supervisorId, seesAll: true, ct);
    }

    /// <summary>
    /// One move of the supervisor's part by the transition table: stored, audited, the customer told when the supervisor
    /// becomes visible or stops being so, everyone following the chat told. Returns the supervisor's display name.
    /// </summary>
    private async Task<string> ApplyAsync(RoutingTx change, ConversationRow conversation, long supervisorId, SupervisorAction action, string? detail)
    {
        var needsAgent = action is SupervisorAction.Barge or SupervisorAction.TakeOver;
        if (needsAgent ? conversation.State != ConversationState.Active : conversation.State is not (ConversationState.Offered or ConversationState.Active))
            throw Problem.Conflict(conversation.State == ConversationState.Offered
                ? "No agent has accepted this chat yet; you can monitor it or coach, and barge in once it is answered."
                : $"The chat is not in progress (it is {conversation.State}).");
        var before = await ChatSupervisionStore.OpenAsync(change.Connection, change.Tx, conversation.Id);
        var from = before.FirstOrDefault(s => s.SupervisorId == supervisorId)?.Mode;
        var to = SupervisionMachine.Next(from, action) ?? throw Problem.Conflict(from is null
            ? "You are not in this chat; monitor it, coach or barge in first."
            : $"You cannot {action} from {from}.");
        var name = await NameAsync(change, supervisorId);
        if (from == to && action != SupervisorAction.Whisper) return name; // already so: nothing changes, nothing to audit

        var c = change.Connection;
        if (from is null)
            await c.ExecuteAsync("""
                INSERT INTO supervisions (conversation_id, supervisor_id, mode, started_at, changed_at, ended_at)
                VALUES (@Id, @supervisorId, @mode, @Now, @Now, CASE WHEN @open = 1 THEN NULL ELSE @Now END)
                """, new { conversation.Id, supervisorId, mode = to.ToString(), change.Now, open = SupervisionMachine.IsOpen(to) }, change.Tx);
        else if (from != to)
            await c.ExecuteAsync("""
                UPDATE supervisions SET mode = @mode, changed_at = @Now, ended_at = CASE WHEN @open = 1 THEN NULL ELSE @Now END
                WHERE conversation_id = @Id AND supervisor_id = @supervisorId AND ended_at IS NULL
                """, new { conversation.Id, supervisorId, mode = to.ToString(), change.Now, open = SupervisionMachine.IsOpen(to) }, change.Tx);

        if (!SupervisionMachine.VisibleToCustomer(from) && SupervisionMachine.VisibleToCustomer(to))
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{name} joined the chat", "sent");
        else if (SupervisionMachine.VisibleToCustomer(from) && !SupervisionMachine.VisibleToCustomer(to))
            await change.AppendMessageAsync(conversation, "system", "system", null, null, $"{name} left the chat", "sent");

        await AuditLog.WriteAsync(c, change.Tx, supervisorId, "conversation", conversation.Id, SupervisionMachine.AuditAction(action),
            detail ?? (from is null ? $"{to}" : $"{from} → {to}"), change.Now);
        await ChatSupervisionStore.PublishAsync(change, conversation, before, options.ShowMonitorIndicator);
        return name;
    }

    // Not change.AgentAsync: that would give a supervisor an agent state row.
    private static Task<string> NameAsync(RoutingTx change, long userId) =>
        change.Connection.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE id = @userId", new { userId }, change.Tx)!;

    private sealed class InProgressRow : ConversationHeadRow
    {
        public long? AgentId { get; set; }
        public string? AgentName { get; set; }
        public long Since { get; set; }
    }
}
