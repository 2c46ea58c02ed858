using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Supervision;

/// <summary>The supervisor's live view, read in one snapshot: agents with their chats and today's figures, queues, the system line.</summary>
public sealed class MonitorServices(CrmDb db, MonitorOptions options, TimeProvider time)
{
    public async Task<MonitorDto> GetAsync(CancellationToken ct = default)
    {
        var now = time.NowMs();
        var dayStart = TimeWindow.StartOfDay(now, time);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct); // one snapshot: counts and rows agree with each other
        var agents = (await c.QueryAsync<AgentRow>($"""
            SELECT {AgentRosterRow.Columns}, h.cause AS Cause, COALESCE(pr.connected, 0) AS Connected, pr.disconnected_at AS DisconnectedAt
            FROM {AgentRosterRow.From}
            LEFT JOIN agent_state_history h ON h.user_id = u.id AND h.ended_at IS NULL
            LEFT JOIN agent_presence pr ON pr.user_id = u.id
            ORDER BY u.display_name, u.id
            """, transaction: tx)).AsList();
        var chats = (await c.QueryAsync<ChatRow>($"""
            SELECT x.agent_id AS AgentId, v.id AS ConversationId, cu.name AS CustomerName, v.address, v.channel, q.name AS Queue, x.state,
                   COALESCE(x.accepted_at, x.offered_at) AS Since
            FROM participations x JOIN conversations v ON v.id = x.conversation_id JOIN queues q ON q.id = v.queue_id
            LEFT JOIN customers cu ON cu.id = v.customer_id
            WHERE x.state IN {ParticipationState.HeldSql} ORDER BY Since
            """, transaction: tx)).ToLookup(x => x.AgentId);
        var today = (await c.QueryAsync<TodayRow>($"""
            SELECT agent_id AS AgentId,
                   SUM(CASE WHEN accepted_at IS NOT NULL THEN 1 ELSE 0 END) AS Accepted,
                   SUM(CASE WHEN state = {StateSql.Of(ParticipationState.Rejected)} THEN 1 ELSE 0 END) AS Rejected,
                   SUM(CASE WHEN state = {StateSql.Of(ParticipationState.Lapsed)} THEN 1 ELSE 0 END) AS Missed,
                   AVG(CASE WHEN accepted_at IS NOT NULL AND ended_at IS NOT NULL THEN COALESCE(wrapped_up_at, ended_at) - accepted_at END) AS Handle
            FROM participations WHERE offered_at >= @dayStart GROUP BY agent_id
            """, new { dayStart }, tx)).ToDictionary(t => t.AgentId);
        var members = (await c.QueryAsync<(long QueueId, long UserId, string Name)>(
            "SELECT m.queue_id, m.user_id, q.name FROM queue_members m JOIN queues q ON q.id = m.queue_id ORDER BY q.name", transaction: tx)).AsList();

        var queuesOf = members.ToLookup(m => m.UserId, m => m.Name);
        var agentRows = agents.Select(a =>
        {
            var t = today.GetValueOrDefault(a.Id);
            var held = chats[a.Id].Select(h => new MonitorChatDto(h.ConversationId, h.CustomerName, h.Address, h.Channel, h.Queue, h.State, h.Since)).ToList();
            return new MonitorAgentDto(a.Id, a.UserName, a.DisplayName, a.State, a.ReasonCode, a.Since, ParseCause(a.Cause), held.Count, a.Capacity, held,
                queuesOf[a.Id].ToList(), t?.Accepted ?? 0, t?.Rejected ?? 0, t?.Missed ?? 0,
                t?.Handle is { } h ? (long)Math.Round(h) : null, a.Connected, a.DisconnectedAt);
        }).ToList();
        var queues = await QueuesAsync(c, tx, agentRows, members, dayStart);
        var system = new MonitorSystemDto(
            await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND created_at >= @since", new { since = now - 60_000 }, tx),
            await c.ExecuteScalarAsync<long?>(
                $"SELECT MIN(waiting_since) FROM conversations WHERE state = {StateSql.Of(ConversationState.Queued)}", transaction: tx));
        return new MonitorDto(agentRows, queues, system, now, options.ServiceLevelSeconds);
    }

    private async Task<List<MonitorQueueDto>> QueuesAsync(DbConnection c, DbTransaction tx, List<MonitorAgentDto> agents,
        List<(long QueueId, long UserId, string Name)> members, long dayStart)
    {
        var queues = await c.QueryAsync<(long Id, string Name)>("SELECT id, name FROM queues WHERE enabled = 1 ORDER BY name", transaction: tx);
        var open = (await c.QueryAsync<(long QueueId, string State, int Count, long Oldest)>(
            $"""
            SELECT queue_id, state, COUNT(*), MIN(waiting_since) FROM conversations
            WHERE state IN {ConversationState.OpenStatesSql} GROUP BY queue_id, state
            """,
            transaction: tx)).ToLookup(o => o.QueueId);
        var held = (await c.QueryAsync<(long QueueId, string Hold, int Count)>(
            $"""
            SELECT queue_id, hold, COUNT(*) FROM conversations
            WHERE state = {StateSql.Of(ConversationState.Queued)} AND hold IS NOT NULL GROUP BY queue_id, hold
            """,
            transaction: tx))
            .ToLookup(h => h.QueueId);
        // Chats that arrived today: answered (first accept), in time (within the threshold of arriving), abandoned (closed, never accepted).
        var day = (await c.QueryAsync<DayRow>($"""
            SELECT queue_id AS QueueId,
                   SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END) AS Answered,
                   SUM(CASE WHEN answered_at IS NOT NULL AND answered_at - created_at <= @threshold THEN 1 ELSE 0 END) AS InTime,
                   SUM(CASE WHEN answered_at IS NULL AND state = {StateSql.Of(ConversationState.Closed)} THEN 1 ELSE 0 END) AS Abandoned
            FROM (SELECT v.queue_id, v.created_at, v.state,
                         (SELECT MIN(p.accepted_at) FROM participations p WHERE p.conversation_id = v.id) AS answered_at
                  FROM conversations v WHERE v.created_at >= @dayStart) AS today
            GROUP BY queue_id
            """, new { dayStart, threshold = options.ServiceLevelSeconds * 1000L }, tx)).ToDictionary(d => d.QueueId);
        var stateOf = agents.ToDictionary(a => a.Id);
        var membersOf = members.ToLookup(m => m.QueueId, m => m.UserId);
        return queues.Select(q =>
        {
            var byState = open[q.Id].ToDictionary(o => o.State);
            int Count(string state) => byState.TryGetValue(state, out var o) ? o.Count : 0;
            var waiting = open[q.Id].Where(o => o.State != ConversationState.Active).ToList();
            var queueMembers = membersOf[q.Id].Where(stateOf.ContainsKey).Select(id => stateOf[id]).ToList();
            var d = day.GetValueOrDefault(q.Id);
            int Held(string hold) => held[q.Id].Where(h => h.Hold == hold).Sum(h => h.Count);
            var counted = (d?.Answered ?? 0) + (d?.Abandoned ?? 0);
            return new MonitorQueueDto(q.Id, q.Name, waiting.Sum(w => w.Count), waiting.Count == 0 ? null : waiting.Min(w => w.Oldest),
                Count(ConversationState.Offered), Count(ConversationState.Active),
                queueMembers.Count(a => a.State == AgentState.Available && a.DisconnectedAt is null), queueMembers.Count,
                counted == 0 ? null : Math.Round((double)(d!.InTime) / counted, 4), d?.Answered ?? 0, d?.InTime ?? 0, d?.Abandoned ?? 0,
                new MonitorHeldDto(Held(EntryFlow.EntryHold.Closed), Held(EntryFlow.EntryHold.SpecialDay), Held(EntryFlow.EntryHold.Emergency),
                    Held(EntryFlow.EntryHold.Bot)));
        }).ToList();
    }

    internal static StateCause? ParseCause(string? cause) => Enum.TryParse<StateCause>(cause, out var parsed) ? parsed : null;

    private sealed class AgentRow : AgentRosterRow
    {
        public string? Cause { get; set; }
        public bool Connected { get; set; }
        public long? DisconnectedAt { get; set; }
    }

    private sealed class ChatRow
    {
        public long AgentId { get; set; }
        public long ConversationId { get; set; }
        public string? CustomerName { get; set; }
        public string Address { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Queue { get; set; } = "";
        public string State { get; set; } = "";
        public long Since { get; set; }
    }

    private sealed class TodayRow
    {
        public long AgentId { get; set; }
        public int Accepted { get; set; }
        public int Rejected { get; set; }
        public int Missed { get; set; }
        public double? Handle { get; set; }
    }

    private sealed class DayRow
    {
        public long QueueId { get; set; }
        public int Answered { get; set; }
        public int InTime { get; set; }
        public int Abandoned { get; set; }
    }
}
