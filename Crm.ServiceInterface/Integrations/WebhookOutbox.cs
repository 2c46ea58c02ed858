using System.Security.Cryptography;
using System.Text;
using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.ServiceInterface.Integrations;

/// <summary>Crm:Webhooks: how long and how often a delivery is retried.</summary>
public sealed class WebhookOptions
{
    /// <summary>How long a failing delivery is retried (with backoff) before it is marked failed.</summary>
    public double RetryHours { get; set; } = 24;
    public int FirstRetrySeconds { get; set; } = 10;
    public int MaxRetrySeconds { get; set; } = 3600;
    /// <summary>How long one POST may take before it counts as failed (and is retried: receivers dedupe on the id).</summary>
    public int TimeoutSeconds { get; set; } = 10;
    /// <summary>How often the sweep looks for deliveries to send; a change's own commit does not wait for it.</summary>
    public int SweepMilliseconds { get; set; } = 1000;
    /// <summary>How long delivered and failed deliveries stay listed (and can be redelivered) before they are removed.</summary>
    public int KeepDays { get; set; } = 7;
}

/// <summary>
/// Sends one delivery: a persistent Quartz job per delivery (scheduled by the sweep), retried with doubling backoff inside
/// Crm:Webhooks:RetryHours. A delivery waits while an earlier one of the same endpoint and conversation is unsettled, so a
/// receiver sees one conversation's events in order; each is sent until the receiver answers 2xx (at least once, same id).
/// </summary>
public sealed class WebhookSender(CrmDb db, IHttpClientFactory http, IDataProtectionProvider protection, WebhookTimers timers,
    WebhookSignal signal, WebhookOptions options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks", SignatureHeader = "X-Crm-Signature-256";
    private readonly IDataProtector secrets = protection.CreateProtector(WebhookSecrets.Purpose);

    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task DeliverAsync(long deliveryId, int attempt, CancellationToken ct = default)
    {
        Due? due;
        await using (var c = await db.OpenAsync(ct))
            due = await c.QuerySingleOrDefaultAsync<Due>($"""
                SELECT d.id, d.event_id AS EventId, d.type, d.body, d.status, d.retry_from AS RetryFrom, e.url, e.secret,
                       (SELECT COUNT(*) FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.conversation_id = d.conversation_id
                        AND p.id < d.id AND p.status IN {WebhookDeliveryStatus.UnsettledSql}) AS Earlier
                FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = @deliveryId
                """, new { deliveryId });
        // Settled (never twice), or an earlier event of the conversation still goes first: the sweep comes back to it.
        if (due is null || !WebhookDeliveryStatus.IsUnsettled(due.Status) || due.Earlier > 0) return;

        var body = Encoding.UTF8.GetBytes(due.Body);
        int? code = null;
        string? failure;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, due.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.Add(SignatureHeader, Sign(secrets.Unprotect(due.Secret), body));
            request.Headers.Add("X-Crm-Event", due.Type);
            request.Headers.Add("X-Crm-Delivery", due.EventId);
            request.Headers.UserAgent.ParseAdd("CrmSuite-Webhooks/1.0");
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, deadline.Token);
            code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await SettleAsync(due.Id, WebhookDeliveryStatus.Delivered, code, null, null);
                return;
            }
            var said = (await response.Content.ReadAsStringAsync(deadline.Token)).Trim();
            failure = $"the receiver answered {code}" + (said.Length == 0 ? "" : ": " + (said.Length <= 200 ? said : said[..200] + "…"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = $"the receiver did not answer within {options.TimeoutSeconds} s";
        }
        catch (HttpRequestException ex)
        {
            failure = $"the receiver could not be reached: {ex.Message}";
        }
        catch (CryptographicException)
        {
            failure = "the secret cannot be read with this server's Data Protection keys; save the endpoint with its secret again";
        }

        var now = time.NowMs();
        var delay = Math.Min(options.FirstRetrySeconds * (1L << Math.Min(attempt, 20)), options.MaxRetrySeconds) * 1000L;
        if (now + delay - due.RetryFrom <= (long)(options.RetryHours * 3_600_000))
        {
            logger.LogWarning("Webhook delivery {Id} failed ({Failure}); retry {Attempt} in {Delay} ms", due.Id, failure, attempt + 2, delay);
            await SettleAsync(due.Id, WebhookDeliveryStatus.Retrying, code, failure, now + delay);
            await timers.ScheduleAsync(due.Id, now + delay, attempt + 1);
            return;
        }
        var gaveUp = $"gave up after {attempt + 1} attempts in {options.RetryHours:0.##} h; last: {failure}";
        await SettleAsync(due.Id, WebhookDeliveryStatus.Failed, code, gaveUp, null);
    }

    private async Task SettleAsync(long id, string status, int? code, string? error, long? nextAttemptAt)
    {
        var now = time.NowMs();
        await db.InTransactionAsync((c, tx) => c.ExecuteAsync($"""
            UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, response_code = @code, last_error = @error,
                next_attempt_at = @nextAttemptAt, delivered_at = CASE WHEN @status = @delivered THEN @now ELSE delivered_at END
            WHERE id = @id AND status IN {WebhookDeliveryStatus.UnsettledSql}
            """, new { id, status, code, error, nextAttemptAt, now, delivered = WebhookDeliveryStatus.Delivered }, tx));
        if (!WebhookDeliveryStatus.IsUnsettled(status)) signal.Kick(); // the conversation's next event may go now
    }

    private sealed class Due
    {
        public long Id { get; set; }
        public string EventId { get; set; } = "";
        public string Type { get; set; } = "";
        public string Body { get; set; } = "";
        public string Status { get; set; } = "";
        public long RetryFrom { get; set; }
        public string Url { get; set; } = "";
        public string Secret { get; set; } = "";
        public long Earlier { get; set; }
    }
}

/// <summary>The Data Protection purpose of webhook secrets: stored protected, unprotected only to sign.</summary>
public static class WebhookSecrets
{
    public const string Purpose = "Crm.Integrations.Webhooks.Secrets";
}

/// <summary>Sends (or retries) one delivery.</summary>
[DisallowConcurrentExecution]
public sealed class WebhookDeliveryJob(WebhookSender sender) : IJob
{
    public const string DeliveryKey = "deliveryId", AttemptKey = "attempt";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await sender.DeliverAsync(context.MergedJobDataMap.GetLong(DeliveryKey), context.MergedJobDataMap.GetInt(AttemptKey), ct);
}

/// <summary>One persistent Quartz job per delivery, named after it, so a delivery is never sent twice at once.</summary>
public sealed class WebhookTimers(ISchedulerFactory schedulers)
{
    private const string Group = "webhooks";

    public async Task ScheduleAsync(long deliveryId, long at, int attempt)
    {
        var scheduler = await schedulers.GetScheduler();
        var name = $"webhook-{deliveryId}";
        var job = JobBuilder.Create<WebhookDeliveryJob>().WithIdentity(name, Group).RequestRecovery()
            .UsingJobData(new JobDataMap { [WebhookDeliveryJob.DeliveryKey] = deliveryId, [WebhookDeliveryJob.AttemptKey] = attempt }).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, Group).StartAt(DateTimeOffset.FromUnixTimeMilliseconds(at))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing);
    }

    /// <summary>Sets the job of a due delivery unless it is already set (pending, running, or waiting for its retry).</summary>
    public async Task EnsureAsync(long deliveryId, long at, int attempt)
    {
        var scheduler = await schedulers.GetScheduler();
        if (!await scheduler.Exists(new JobKey($"webhook-{deliveryId}", Group))) await ScheduleAsync(deliveryId, at, attempt);
    }
}

/// <summary>Wakes the sweep early: after a commit that wrote deliveries, or a delivery that settled (its conversation's next may go).</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim kicked = new(0, 1);

    public void Kick()
    {
        try { kicked.Release(); } catch (SemaphoreFullException) { } // one pending run covers every kick
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => kicked.WaitAsync(timeout, ct);
}

/// <summary>
/// The outbox's stored deadlines are the source of truth: each round sets a job for every due delivery that heads its
/// conversation's chain and has none (new rows, the next of a chain, or a job lost to a crash between commit and scheduling).
/// </summary>
public sealed class WebhookSweep(CrmDb db, WebhookTimers timers, WebhookSignal signal, WebhookOptions options, TimeProvider time,
    ILogger<WebhookSweep> logger) : BackgroundService
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var pruned = long.MinValue; // housekeeping only: a restart prunes at once, nothing waits for it
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(options.SweepMilliseconds), ct);
                await SweepAsync(ct);
                if (time.NowMs() - pruned >= (long)PruneInterval.TotalMilliseconds)
                {
                    await PruneAsync(ct);
                    pruned = time.NowMs();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception ex)
            {
                logger.LogError(ex, "The webhook sweep failed; the next round retries.");
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct = default)
    {
        IReadOnlyList<(long Id, long At, int Attempts)> due;
        await using (var c = await db.OpenAsync(ct))
            due = (await c.QueryAsync<(long, long, int)>(new CommandDefinition($"""
                SELECT d.id, d.next_attempt_at, d.attempts FROM webhook_deliveries d
                WHERE d.status IN {WebhookDeliveryStatus.UnsettledSql} AND d.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.endpoint_id = d.endpoint_id AND p.conversation_id = d.conversation_id
                                  AND p.id < d.id AND p.status IN {WebhookDeliveryStatus.UnsettledSql})
                ORDER BY d.id LIMIT 500
                """, new { now = time.NowMs() }, cancellationToken: ct))).ToList();
        foreach (var (id, at, attempts) in due) await timers.EnsureAsync(id, at, attempts);
    }

    /// <summary>Removes settled deliveries older than Crm:Webhooks:KeepDays; unsettled ones stay until they are sent or give up.</summary>
    public Task PruneAsync(CancellationToken ct = default) =>
        db.InTransactionAsync((c, tx) => c.ExecuteAsync($"""
            DELETE FROM webhook_deliveries WHERE status NOT IN {WebhookDeliveryStatus.UnsettledSql} AND created_at < @before
            """, new { before = time.NowMs() - options.KeepDays * 86_400_000L }, tx), ct);
}
