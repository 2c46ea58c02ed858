using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// Public posts naming the business (X mentions, the Genesys seed): keyword filters decide whether a post is routed to an
/// agent as a public conversation, ignored, or answered automatically (retried through the outbox like any reply).
/// Agents answer in public, like the post, or move the conversation to a private DM with a public note.
/// </summary>
public sealed class PublicPosts(CrmDb db, RoutingStore store, CustomersServices customers, InboundMessages inbound, ChannelRegistry channels,
    IHttpClientFactory http, TimeProvider time, ILogger<PublicPosts> logger, EntryFlow.EntryFlowEngine entryFlow)
{
    public static readonly string[] Actions = ["route", "ignore", "auto_reply"];
    public const string DefaultPrivateNote = "Thanks! We've sent you a direct message so we can continue privately.";

    public async Task ReceiveAsync(PublicMention mention, CancellationToken ct = default)
    {
        var filter = await MatchAsync(mention.Text, ct);
        // Outside business hours, in an emergency or under a bot, the entry flow answers: no auto-reply on top of it.
        if (filter?.Action == "auto_reply" && !await entryFlow.AutomationsMayAnswerAsync(mention.Channel, isPublic: true, mention.BusinessAddress, ct))
            filter = null;
        if (filter?.Action == "ignore")
        {
            logger.LogInformation("Public post {Id} ignored by the keyword filter '{Keyword}'", mention.TweetId, filter.Keyword);
            return;
        }
        var customer = await customers.ResolveOrCreateAsync(mention.Channel, mention.AuthorId, mention.AuthorName,
            mention.AuthorHandle is null ? null : "@" + mention.AuthorHandle, ct);
        var received = await inbound.ReceiveAsync(new InboundMessage(mention.Channel, mention.AuthorId, customer.Id, customer.Created, mention.Text,
            ChannelMessageId: "post:" + mention.TweetId, SentAt: mention.Timestamp, Source: "Public post", AuthorName: mention.AuthorName,
            Public: true, PostId: mention.TweetId, AutoAnswered: filter?.Action == "auto_reply", EntryAddress: mention.BusinessAddress), ct);
        if (filter?.Action != "auto_reply" || received.Duplicate) return;

        // Answered by itself: the reply goes out through the outbox, retried on errors for the configured window.
        await store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(received.ConversationId);
            var reply = await change.AppendMessageAsync(conversation, "out", "bot", null, "Auto-reply", filter.ReplyText!, DeliveryStatus.Queued);
            change.ScheduleOutbox(reply.Id);
        }, ct);
    }

    /// <summary>The business likes the post the conversation answers (positive feedback needing no reply).</summary>
    public async Task LikeAsync(long conversationId, long agentId, CancellationToken ct = default)
    {
        string postId;
        await using (var c = await db.OpenAsync(ct))
            postId = await PublicPostOfAsync(c, null, conversationId, agentId);
        using var request = Channels.X.XPublicPosts.BuildLike(channels.Options.X, postId);
        using var response = await http.CreateClient(ChannelOutbox.HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new ProblemException(502, "X refused the like", $"X answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        await store.WriteAsync(async change =>
        {
            var agent = await change.AgentAsync(agentId);
            await change.AppendMessageAsync(await change.ConversationAsync(conversationId), "system", "system", null, null, $"{agent.DisplayName} liked the post", "sent");
        }, ct);
    }

    /// <summary>Posts the public note under the post, then the same conversation carries on as private messages.</summary>
    public Task MoveToPrivateAsync(long conversationId, long agentId, string? note, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(conversationId);
            await PublicPostOfAsync(change.Connection, change.Tx, conversationId, agentId);
            var agent = await change.AgentAsync(agentId);
            var text = PlainText.Check(string.IsNullOrWhiteSpace(note) ? DefaultPrivateNote : note, "note");
            // Written while the conversation is still public, the note goes under the post; every later reply is private.
            var publicNote = await change.AppendMessageAsync(conversation, "out", "agent", agentId, agent.DisplayName, text, DeliveryStatus.Queued);
            change.ScheduleOutbox(publicNote.Id);
            await change.Connection.ExecuteAsync("UPDATE conversations SET public = 0 WHERE id = @conversationId", new { conversationId }, change.Tx);
            await change.AppendMessageAsync(conversation, "system", "system", null, null, "The conversation continues in private messages", "sent");
        }, ct);

    public async Task<IReadOnlyList<KeywordFilterDto>> FiltersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long Id, string Keyword, string Action, string? ReplyText, long SortOrder)>(
            "SELECT id, keyword, action, reply_text, sort_order FROM keyword_filters ORDER BY sort_order, id"))
            .Select(f => new KeywordFilterDto(f.Id, f.Keyword, f.Action, f.ReplyText, (int)f.SortOrder)).ToList();
    }

    public async Task<KeywordFilterDto> AddFilterAsync(SaveKeywordFilter request, long actorId, CancellationToken ct = default)
    {
        var action = Actions.FirstOrDefault(a => string.Equals(a, request.Action?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Problem.Invalid("action", $"'{request.Action}' is not an action; use {string.Join(", ", Actions)}.");
        if (action == "auto_reply" && string.IsNullOrWhiteSpace(request.ReplyText))
            throw Problem.Invalid("replyText", "An automatic reply needs its text.");
        var keyword = request.Keyword.Trim();
        var reply = action == "auto_reply" ? request.ReplyText!.Trim() : null;
        var id = await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO keyword_filters (keyword, action, reply_text, sort_order, created_at) VALUES (@keyword, @action, @reply, @SortOrder, @now) RETURNING id",
                new { keyword, action, reply, request.SortOrder, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "keyword_filter", id, "created", $"'{keyword}' -> {action}", now);
            return id;
        }, ct);
        return new KeywordFilterDto(id, keyword, action, reply, request.SortOrder);
    }

    public Task DeleteFilterAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("DELETE FROM keyword_filters WHERE id = @id", new { id }, tx) == 0)
                throw Problem.NotFound($"There is no keyword filter {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "keyword_filter", id, "deleted", null, time.NowMs());
        }, ct);

    private async Task<KeywordFilterDto?> MatchAsync(string text, CancellationToken ct) =>
        (await FiltersAsync(ct)).FirstOrDefault(f => text.Contains(f.Keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>The post a public conversation answers, once sure the agent is in it; a 409 says why not.</summary>
    private static async Task<string> PublicPostOfAsync(DbConnection c, DbTransaction? tx, long conversationId, long agentId)
    {
        var post = await c.QuerySingleOrDefaultAsync<(long Public, string? PostId)?>("SELECT public, post_id FROM conversations WHERE id = @conversationId", new { conversationId }, tx)
            ?? throw Problem.NotFound($"There is no conversation {conversationId}.");
        if (post.Public == 0 || post.PostId is null) throw Problem.Conflict("This conversation is not a public post (or was already moved to private messages).");
        if (await c.ExecuteScalarAsync<long?>("SELECT id FROM participations WHERE conversation_id = @conversationId AND agent_id = @agentId AND state = 'Active'",
                new { conversationId, agentId }, tx) is null)
            throw Problem.Conflict("You are not in this conversation.");
        return post.PostId;
    }
}
