using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;

namespace Crm.ServiceInterface.Channels;

/// <summary>
/// Public posts naming the business (X mentions, Facebook page comments and visitors' posts; the Genesys seed): keyword filters
/// decide whether a post is routed to an agent as a public conversation, ignored, or answered, liked or retweeted automatically
/// (retried through the outbox like any reply). Agents answer in public, act on the post (<see cref="PublicPostActions"/>), or
/// move the conversation to a private DM with a public note.
/// </summary>
public sealed class PublicPosts(CrmDb db, RoutingStore store, CustomersServices customers, InboundMessages inbound,
    TimeProvider time, ILogger<PublicPosts> logger, EntryFlow.EntryFlowEngine entryFlow)
{
    public const string Route = "route", Ignore = "ignore", AutoReply = "auto_reply", AutoLike = "auto_like", AutoRetweet = "auto_retweet";
    public static readonly string[] Actions = [Route, Ignore, AutoReply, AutoLike, AutoRetweet];
    public const string DefaultPrivateNote = "Thanks! We've sent you a direct message so we can continue privately.";

    private static readonly string MineActiveSql = ParticipationRow.OfAgentSql(ParticipationState.Active);

    /// <summary>The filter actions that answer by themselves, and the public action each sends (none for a reply).</summary>
    private static readonly Dictionary<string, PublicActionKind?> Automatic = new()
    {
        [AutoReply] = null, [AutoLike] = PublicActionKind.Like, [AutoRetweet] = PublicActionKind.Retweet,
    };

    public async Task ReceiveAsync(PublicMention mention, CancellationToken ct = default)
    {
        var filter = await MatchAsync(mention.Channel, mention.Text, ct);
        // Outside business hours, in an emergency or under a bot, the entry flow answers: no automatic answer on top of it.
        if (filter is not null && Automatic.ContainsKey(filter.Action)
            && !await entryFlow.AutomationsMayAnswerAsync(mention.Channel, isPublic: true, mention.BusinessAddress, ct))
            filter = null;
        if (filter?.Action == Ignore)
        {
            logger.LogInformation("Public post {Id} ignored by the keyword filter '{Keyword}'", mention.TweetId, filter.Keyword);
            return;
        }
        var automatic = filter is not null && Automatic.ContainsKey(filter.Action);
        var customer = await customers.ResolveOrCreateAsync(mention.Channel, mention.AuthorId, mention.AuthorName,
            mention.AuthorHandle is null ? null : "@" + mention.AuthorHandle, ct);
        var received = await inbound.ReceiveAsync(new InboundMessage(mention.Channel, mention.AuthorId, customer.Id, customer.Created, mention.Text,
            ChannelMessageId: PostMessageId(mention.TweetId), SentAt: mention.Timestamp, Source: "Public post", AuthorName: mention.AuthorName,
            Public: true, PostId: mention.ThreadId ?? mention.TweetId, AutoAnswered: automatic, EntryAddress: mention.BusinessAddress), ct);
        if (!automatic || received.Duplicate) return;

        // Answered by itself: the reply or action goes out through the outbox, retried on errors for the configured window.
        var action = Automatic[filter!.Action];
        await store.WriteAsync(async change =>
        {
            var conversation = await change.ConversationAsync(received.ConversationId);
            if (action is null)
            {
                var reply = await change.AppendMessageAsync(conversation, "out", "bot", null, "Auto-reply", filter.ReplyText!, DeliveryStatus.Queued);
                change.ScheduleOutbox(reply.Id);
            }
            else await PublicPostActions.AppendAsync(change, conversation, action, "bot", null, "Keyword filter", "The keyword filter", mention.TweetId, null);
        }, ct);
    }

    /// <summary>A customer's post or comment as the thread stores it (so edits and removals find it, and it is stored once).</summary>
    public static string PostMessageId(string postId) => "post:" + postId;

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
        return (await c.QueryAsync<(long Id, string Keyword, string Action, string? ReplyText, long SortOrder, string Channels)>(
            "SELECT id, keyword, action, reply_text, sort_order, channels FROM keyword_filters ORDER BY sort_order, id"))
            .Select(f => new KeywordFilterDto(f.Id, f.Keyword, f.Action, f.ReplyText, (int)f.SortOrder,
                f.Channels.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
    }

    public async Task<KeywordFilterDto> AddFilterAsync(SaveKeywordFilter request, long actorId, CancellationToken ct = default)
    {
        var action = Actions.FirstOrDefault(a => string.Equals(a, request.Action?.Trim(), StringComparison.OrdinalIgnoreCase));
        var channels = (request.Channels is { Count: > 0 } chosen ? chosen : ChannelCatalog.PublicChannels)
            .Select(c => c?.Trim().ToLowerInvariant() ?? "").Distinct().ToList();
        new Validation()
            .When(action is null, "action", $"'{request.Action}' is not an action; use {string.Join(", ", Actions)}.")
            .When(action == AutoReply && string.IsNullOrWhiteSpace(request.ReplyText), "replyText", "An automatic reply needs its text.")
            .When(!channels.All(ChannelCatalog.PublicChannels.Contains), "channels",
                $"Choose among the channels with public posts: {string.Join(", ", ChannelCatalog.PublicChannels.Select(ChannelCatalog.Label))}.")
            .When(action == AutoRetweet && !channels.SequenceEqual([ChannelName.X]), "channels",
                "Only X has retweets: choose X alone for an automatic retweet.")
            .ThrowIfInvalid();
        var keyword = request.Keyword.Trim();
        var reply = action == AutoReply ? request.ReplyText!.Trim() : null;
        var stored = string.Join(',', channels);
        var id = await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO keyword_filters (keyword, action, reply_text, sort_order, created_at, channels)
                VALUES (@keyword, @action, @reply, @SortOrder, @now, @stored) RETURNING id
                """, new { keyword, action, reply, request.SortOrder, now, stored }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "keyword_filter", id, "created", $"'{keyword}' -> {action} on {stored}", now);
            return id;
        }, ct);
        return new KeywordFilterDto(id, keyword, action!, reply, request.SortOrder, channels);
    }

    public Task DeleteFilterAsync(long id, long actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("DELETE FROM keyword_filters WHERE id = @id", new { id }, tx) == 0)
                throw Problem.NotFound($"There is no keyword filter {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "keyword_filter", id, "deleted", null, time.NowMs());
        }, ct);

    private async Task<KeywordFilterDto?> MatchAsync(string channel, string text, CancellationToken ct) =>
        (await FiltersAsync(ct)).FirstOrDefault(f => f.Channels.Contains(channel) && text.Contains(f.Keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>The post a public conversation answers, once sure the agent is in it; a 409 says why not.</summary>
    internal static async Task<string> PublicPostOfAsync(DbConnection c, DbTransaction? tx, long conversationId, long agentId)
    {
        var post = await c.QuerySingleOrDefaultAsync<(long Public, string? PostId)?>(
                "SELECT public, post_id FROM conversations WHERE id = @conversationId", new { conversationId }, tx)
            ?? throw Problem.NotFound($"There is no conversation {conversationId}.");
        if (post.Public == 0 || post.PostId is null)
            throw Problem.Conflict("This conversation is not a public post (or was already moved to private messages).");
        if (await c.QueryFirstOrDefaultAsync<ParticipationRow>(MineActiveSql, new { conversationId, agentId }, tx) is null)
            throw Problem.Conflict("You are not in this conversation.");
        return post.PostId;
    }
}
