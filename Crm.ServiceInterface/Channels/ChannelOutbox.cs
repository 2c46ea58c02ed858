using System.Net;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.ServiceInterface.Channels;

public sealed class OutboxOptions
{
    /// <summary>How long a failing send is retried before the message is marked failed (Genesys: "retries posting the reply for a predefined
    /// duration").</summary>
    public int RetryWindowMinutes { get; set; } = 60;
    public int FirstRetrySeconds { get; set; } = 2;
    public int MaxRetrySeconds { get; set; } = 300;

    /// <summary>How long one send may take before it counts as unanswered (the platform may still have taken it).</summary>
    public int SendTimeoutSeconds { get; set; } = 20;

    /// <summary>After an unanswered send, how long to wait for the platform's echo or status webhook (which settle it) before sending again.</summary>
    public int ReconcileSeconds { get; set; } = 15;
}

/// <summary>
/// Sends an agent's queued reply to its platform. Runs as a persistent Quartz job per message, so a restart never loses a
/// reply; a message leaves "queued" once, so a retry after success never sends it again. A refused send is "retrying" (with the
/// reason and the next attempt, live on the desktop) until the platform takes it or the retry window closes ("failed", with why).
/// </summary>
public sealed class ChannelOutbox(CrmDb db, ChannelRegistry channels, IHttpClientFactory http, RoutingStore store, RoutingTimers timers,
    OutboxOptions options, TimeProvider time, ILogger<ChannelOutbox> logger)
{
    public const string HttpClientName = "channels";

    public async Task DeliverAsync(long messageId, int attempt, CancellationToken ct = default)
    {
        Pending? message;
        await using (var c = await db.OpenAsync(ct))
            message = await c.QuerySingleOrDefaultAsync<Pending>($"""
                SELECT m.id, m.conversation_id AS ConversationId, m.text, m.author_name AS AuthorName, m.status, m.created_at AS CreatedAt,
                       v.channel, v.address, m.public AS Public, v.post_id AS PostId, m.template, m.public_action AS PublicAction, m.target_id AS TargetId,
                       v.business_address AS BusinessAddress,
                       (SELECT MAX(i.sent_at) FROM messages i JOIN conversations w ON w.id = i.conversation_id
                        WHERE w.channel = v.channel AND w.address = v.address AND i.direction = 'in') AS LastInboundAt
                FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE m.id = @messageId
                """, new { messageId });
        if (message is null || !DeliveryStatus.IsPending(message.Status)) return; // sent, failed, or settled by an echo or status webhook: never twice

        var now = time.NowMs();
        var action = PublicActionKind.Find(message.PublicAction);
        // Hide and unhide reach the platform in the order the agent gave them: a later one waits for the one before it to settle.
        if (action is { IsVisibilityChange: true } && await EarlierVisibilityChangePendingAsync(message, ct))
        {
            await timers.ScheduleOutboxAsync(message.Id, now + options.FirstRetrySeconds * 1000L, attempt);
            return;
        }
        var attempts = attempt + 1;
        // A WhatsApp template may go out at any time: it is how a business writes once the 24-hour window has closed.
        var template = WhatsApp.TemplateSend.FromJson(message.Template);
        var window = message.Public || template is not null ? WindowState.NoWindow
            : MessagingWindow.StateAt(message.Channel, message.LastInboundAt ?? 0, now, channels.Options.Messenger.HumanAgentTagEnabled);
        if (window == WindowState.Closed)
        {
            await SettleAsync(message, DeliveryStatus.Failed, "the messaging window closed before it could be sent", attempt);
            return;
        }
        var text = AgentName.Prefix(channels.Options.AgentNamePrefix, message.AuthorName, message.Text);
        string? failure;
        bool retry, unanswered = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.SendTimeoutSeconds));
        try
        {
            // A template, a public reply under the customer's post or an action (like, hide...) on it; else a private message on the channel.
            using var request = template is not null
                ? WhatsApp.WhatsAppTemplateSend.Build(channels.Options.WhatsApp, message.Address, template, OutboxReference.For(message.Id))
                : message is { Public: true, PostId: { } postId }
                ? PublicPostRequests.Build(channels.Options, message.Channel, action, message.TargetId ?? postId, message.BusinessAddress, text)
                : channels.Get(message.Channel).BuildSend(new OutboundText(message.Address, text, window == WindowState.HumanAgentTagRequired,
                    OutboxReference.For(message.Id)));
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                var providerId = message.Public
                    ? PublicPostRequests.ParseId(message.Channel, action, body)
                    : channels.Get(message.Channel).ParseSendResponse(body);
                await SettleAsync(message, DeliveryStatus.Sent, null, attempts, providerId);
                return;
            }
            failure = $"{message.Channel} answered {(int)response.StatusCode}: {CredentialProbe.ErrorText(body) ?? Excerpt(body)}";
            retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"{message.Channel} did not answer within {options.SendTimeoutSeconds} s";
            (retry, unanswered) = (true, true);
        }
        catch (HttpRequestException ex)
        {
            failure = $"{message.Channel} could not be reached: {ex.Message}";
            retry = true;
        }
        catch (ChannelPayloadException ex)
        {
            failure = ex.Message;
            retry = false;
        }

        now = time.NowMs();
        var delay = Math.Min(options.FirstRetrySeconds * (1L << Math.Min(attempt, 16)), options.MaxRetrySeconds) * 1000L;
        // Unanswered: the platform may have taken it. Its echo or status webhook (matched by text or by our reference) settles it meanwhile.
        if (unanswered) delay = Math.Max(delay, options.ReconcileSeconds * 1000L);
        if (retry && now + delay - message.CreatedAt <= options.RetryWindowMinutes * 60_000L)
        {
            logger.LogWarning("Sending message {Id} failed ({Failure}); retry {Attempt} in {Delay} ms", message.Id, failure, attempts + 1, delay);
            await timers.ScheduleOutboxAsync(message.Id, now + delay, attempts);
            await SettleAsync(message, DeliveryStatus.Retrying, failure, attempts, nextAttemptAt: now + delay);
            return;
        }
        await SettleAsync(message, DeliveryStatus.Failed, retry
            ? $"gave up after {attempts} {(attempts == 1 ? "attempt" : "attempts")} in {options.RetryWindowMinutes} min; last: {failure}"
            : failure, attempts);
    }

    private Task SettleAsync(Pending message, string status, string? error, int attempts, string? providerId = null, long? nextAttemptAt = null) =>
        store.WriteAsync(change => OutboxMessages.SettleAsync(change, message.Id, message.ConversationId, status, error, attempts, providerId, nextAttemptAt));

    /// <summary>Whether a hide or unhide the agent gave before this one, on the same conversation, is still owed to the platform.</summary>
    private async Task<bool> EarlierVisibilityChangePendingAsync(Pending message, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>($"""
            SELECT COUNT(*) FROM messages e WHERE e.conversation_id = @ConversationId AND e.id < @Id
            AND e.public_action {SqlDialect.Of(c).InList("@actions")} AND e.status IN {DeliveryStatus.PendingSql}
            """, new { message.ConversationId, message.Id, actions = PublicActionKind.VisibilityChanges.Select(a => a.Name).ToList() }) > 0;
    }

    private static string Excerpt(string body) => body.Trim() is { Length: 0 } ? "no reason given" : body.Length <= 300 ? body : body[..300] + "…";

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
        public string? Template { get; set; }
        public string? PublicAction { get; set; }
        public string? TargetId { get; set; }
        public string? BusinessAddress { get; set; }
    }
}
