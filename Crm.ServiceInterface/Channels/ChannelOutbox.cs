using System.Net;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.ServiceInterface.Channels;

public sealed class OutboxOptions
{
    /// <summary>How long a failing send is retried before the message is marked failed (Genesys: "retries posting the reply for a predefined duration").</summary>
    public int RetryWindowMinutes { get; set; } = 60;
    public int FirstRetrySeconds { get; set; } = 2;
    public int MaxRetrySeconds { get; set; } = 300;
}

/// <summary>
/// Sends an agent's queued reply to its platform. Runs as a persistent Quartz job per message, so a restart never loses a
/// reply; a message leaves "queued" once, so a retry after success never sends it again.
/// </summary>
public sealed class ChannelOutbox(CrmDb db, ChannelRegistry channels, IHttpClientFactory http, RoutingStore store, RoutingTimers timers,
    OutboxOptions options, TimeProvider time, ILogger<ChannelOutbox> logger)
{
    public const string HttpClientName = "channels";

    public async Task DeliverAsync(long messageId, int attempt, CancellationToken ct = default)
    {
        Pending? message;
        await using (var c = await db.OpenAsync(ct))
            message = await c.QuerySingleOrDefaultAsync<Pending>("""
                SELECT m.id, m.conversation_id AS ConversationId, m.text, m.author_name AS AuthorName, m.status, m.created_at AS CreatedAt,
                       v.channel, v.address, m.public AS Public, v.post_id AS PostId,
                       (SELECT MAX(i.sent_at) FROM messages i JOIN conversations w ON w.id = i.conversation_id
                        WHERE w.channel = v.channel AND w.address = v.address AND i.direction = 'in') AS LastInboundAt
                FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE m.id = @messageId
                """, new { messageId });
        if (message is not { Status: DeliveryStatus.Queued }) return; // sent (or failed) already: never twice

        var now = time.NowMs();
        var window = message.Public ? WindowState.NoWindow : MessagingWindow.StateAt(message.Channel, message.LastInboundAt ?? 0, now, channels.Options.Messenger.HumanAgentTagEnabled);
        if (window == WindowState.Closed)
        {
            await FailAsync(message, "the messaging window closed before it could be sent", ct);
            return;
        }
        var adapter = channels.Get(message.Channel);
        var text = AgentName.Prefix(channels.Options.AgentNamePrefix, message.AuthorName, message.Text);
        string? failure;
        bool retry;
        try
        {
            // A public reply goes under the customer's post; anything else is a private message on the channel.
            using var request = message is { Public: true, PostId: { } postId }
                ? X.XPublicPosts.BuildReply(channels.Options.X, postId, text)
                : adapter.BuildSend(new OutboundText(message.Address, text, window == WindowState.HumanAgentTagRequired));
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                var providerId = message.Public ? X.XPublicPosts.ParseReplyId(body) : adapter.ParseSendResponse(body);
                await store.WriteAsync(change => OutboxMessages.SetStatusAsync(change, message.Id, message.ConversationId, DeliveryStatus.Sent, null, providerId), ct);
                return;
            }
            failure = $"{message.Channel} answered {(int)response.StatusCode}: {Excerpt(body)}";
            retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            failure = $"{message.Channel} could not be reached: {ex.Message}";
            retry = true;
        }
        catch (ChannelPayloadException ex)
        {
            failure = ex.Message;
            retry = false;
        }

        var delay = Math.Min(options.FirstRetrySeconds * (1L << Math.Min(attempt, 16)), options.MaxRetrySeconds) * 1000L;
        if (retry && now + delay - message.CreatedAt <= options.RetryWindowMinutes * 60_000L)
        {
            logger.LogWarning("Sending message {Id} failed ({Failure}); retry {Attempt} in {Delay} ms", message.Id, failure, attempt + 1, delay);
            await timers.ScheduleOutboxAsync(message.Id, now + delay, attempt + 1);
            return;
        }
        await FailAsync(message, failure, ct);
    }

    private Task FailAsync(Pending message, string? error, CancellationToken ct) =>
        store.WriteAsync(async change =>
        {
            var status = await change.Connection.ExecuteScalarAsync<string>("SELECT status FROM messages WHERE id = @Id", message, change.Tx);
            if (status == DeliveryStatus.Queued)
                await OutboxMessages.SetStatusAsync(change, message.Id, message.ConversationId, DeliveryStatus.Failed, error);
        }, ct);

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private sealed class Pending
    {
        public long Id { get; set; }
        public long ConversationId { get; set; }
        public string Text { get; set; } = "";
        public string? AuthorName { get; set; }
        public string Status { get; set; } = "";
        public long CreatedAt { get; set; }
        public string Channel { get; set; } = "";
        public string Address { get; set; } = "";
        public long? LastInboundAt { get; set; }
        public bool Public { get; set; }
        public string? PostId { get; set; }
    }
}

/// <summary>Sends one queued reply (and reschedules itself with backoff on a failure worth retrying).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxSendJob(ChannelOutbox outbox) : IJob
{
    public const string MessageKey = "messageId", AttemptKey = "attempt";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await outbox.DeliverAsync(context.MergedJobDataMap.GetLong(MessageKey), context.MergedJobDataMap.GetInt(AttemptKey), ct);
}
