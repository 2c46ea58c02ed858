using Crm.ServiceInterface.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.ServiceInterface.Integrations;

/// <summary>
/// What admins do with outgoing webhooks: register receivers, change or remove them, read each one's recent deliveries and send one
/// again. Secrets are stored protected with Data Protection (like the channel secrets) and shown only by their last characters.
/// Every change is in the audit log.
/// </summary>
public sealed class WebhookEndpointsServices(CrmDb db, IDataProtectionProvider protection, WebhookTimers timers, TimeProvider time)
{
    public const int MaxUrlLength = 2000, MinSecretLength = 16, MaxSecretLength = 200, RecentDeliveries = 50;
    private const string Entity = "webhook_endpoint";
    private readonly IDataProtector secrets = protection.CreateProtector(WebhookSecrets.Purpose);

    private const string EndpointColumns =
        "id, url, events, enabled, secret_hint AS SecretHint, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public async Task<IReadOnlyList<WebhookEndpointDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<EndpointRow>($"SELECT {EndpointColumns} FROM webhook_endpoints ORDER BY id")).Select(r => r.ToDto()).ToList();
    }

    public Task<WebhookEndpointDto> CreateAsync(SaveWebhookEndpoint request, long? actorId, CancellationToken ct = default)
    {
        var (url, events) = Validate(request, creating: true);
        var secret = request.Secret!;
        return db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO webhook_endpoints (url, events, secret, secret_hint, enabled, created_at, updated_at)
                VALUES (@url, @events, @secret, @hint, @enabled, @now, @now) RETURNING id
                """, new { url, events = WebhookEventType.Store(events), secret = secrets.Protect(secret), hint = Hint(secret),
                    enabled = request.Enabled == false ? 0 : 1, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, Entity, id, "created", $"{url} ({string.Join(", ", events)})", now);
            return await LoadAsync(c, tx, id);
        }, ct);
    }

    public Task<WebhookEndpointDto> UpdateAsync(long id, SaveWebhookEndpoint request, long? actorId, CancellationToken ct = default)
    {
        var (url, events) = Validate(request, creating: false);
        return db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var current = await FindAsync(c, tx, id);
            var secret = string.IsNullOrEmpty(request.Secret) ? null : request.Secret;
            await c.ExecuteAsync("""
                UPDATE webhook_endpoints SET url = @url, events = @events, enabled = @enabled, updated_at = @now,
                    secret = COALESCE(@secret, secret), secret_hint = COALESCE(@hint, secret_hint)
                WHERE id = @id
                """, new { id, url, events = WebhookEventType.Store(events), enabled = (request.Enabled ?? current.Enabled) ? 1 : 0, now,
                    secret = secret is null ? null : secrets.Protect(secret), hint = secret is null ? null : Hint(secret) }, tx);
            var detail = $"{url} ({string.Join(", ", events)}){(request.Enabled == false ? ", paused" : "")}{(secret is null ? "" : ", new secret")}";
            await AuditLog.WriteAsync(c, tx, actorId, Entity, id, "changed", detail, now);
            return await LoadAsync(c, tx, id);
        }, ct);
    }

    /// <summary>Removes the endpoint and its deliveries: nothing more is sent to it.</summary>
    public Task DeleteAsync(long id, long? actorId, CancellationToken ct = default) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var current = await FindAsync(c, tx, id);
            await c.ExecuteAsync("DELETE FROM webhook_deliveries WHERE endpoint_id = @id", new { id }, tx);
            await c.ExecuteAsync("DELETE FROM webhook_endpoints WHERE id = @id", new { id }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, Entity, id, "deleted", current.Url, time.NowMs());
        }, ct);

    /// <summary>The endpoint's most recent deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryDto>> DeliveriesAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await FindAsync(c, null, id);
        return (await c.QueryAsync<DeliveryRow>($"{DeliveryRow.Select} WHERE endpoint_id = @id ORDER BY id DESC LIMIT {RecentDeliveries}", new { id }))
            .Select(r => r.ToDto()).ToList();
    }

    /// <summary>
    /// Sends a delivery again now, with the same id and body (receivers dedupe on the id), in a fresh retry window; a retrying one
    /// goes now instead of waiting for its next attempt.
    /// </summary>
    public async Task<WebhookDeliveryDto> RedeliverAsync(long id, long deliveryId, long? actorId, CancellationToken ct = default)
    {
        var delivery = await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var row = await c.QuerySingleOrDefaultAsync<DeliveryRow>($"{DeliveryRow.Select} WHERE id = @deliveryId AND endpoint_id = @id",
                new { id, deliveryId }, tx) ?? throw Problem.NotFound($"Endpoint {id} has no delivery {deliveryId}.");
            if (!WebhookDeliveryStatus.CanMove(row.Status, WebhookDeliveryStatus.Pending))
                throw Problem.Conflict($"Delivery {deliveryId} is waiting for its first attempt already.");
            await c.ExecuteAsync("""
                UPDATE webhook_deliveries SET status = @pending, attempts = 0, next_attempt_at = @now, retry_from = @now, last_error = NULL
                WHERE id = @deliveryId
                """, new { deliveryId, pending = WebhookDeliveryStatus.Pending, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, Entity, id, "redelivered", $"{row.Type} {row.EventId}", now);
            return (await c.QuerySingleAsync<DeliveryRow>($"{DeliveryRow.Select} WHERE id = @deliveryId", new { deliveryId }, tx)).ToDto();
        }, ct);
        await timers.ScheduleAsync(deliveryId, time.NowMs(), 0); // replaces a retry's later trigger
        return delivery;
    }

    private static (string Url, IReadOnlyList<string> Events) Validate(SaveWebhookEndpoint request, bool creating)
    {
        var url = request.Url?.Trim() ?? "";
        var events = (request.Events ?? []).Select(e => e?.Trim() ?? "").ToList();
        var validation = new Validation()
            .Required(url, "url", "Give the address the events are sent to.")
            .MaxLength(url, MaxUrlLength, "url", "The address")
            .When(url.Length is > 0 and <= MaxUrlLength && !IsWebUrl(url), "url",
                "The address must be a full http:// or https:// URL, like https://example.com/crm-events.")
            .When(events.Count == 0, "events", "Choose at least one event to send.");
        foreach (var unknown in events.Where(e => !WebhookEventType.All.Contains(e)).Distinct())
            validation.Add("events", $"'{unknown}' is not an event; the events are {string.Join(", ", WebhookEventType.All)}.");
        if (creating)
            validation.Required(request.Secret, "secret",
                $"Give a secret of {MinSecretLength} to {MaxSecretLength} characters; the receiver checks each signature with it.");
        if (!string.IsNullOrEmpty(request.Secret))
            validation.MaxLength(request.Secret, MaxSecretLength, "secret", "The secret")
                .When(request.Secret.Length < MinSecretLength, "secret",
                    $"The secret must be at least {MinSecretLength} characters (this one has {request.Secret.Length}), so it cannot be guessed.");
        validation.ThrowIfInvalid();
        return (url, WebhookEventType.All.Where(events.Contains).ToList());
    }

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static string Hint(string secret) => "…" + secret[^4..];

    private static async Task<EndpointRow> FindAsync(DbConnection c, DbTransaction? tx, long id) =>
        await c.QuerySingleOrDefaultAsync<EndpointRow>($"SELECT {EndpointColumns} FROM webhook_endpoints WHERE id = @id", new { id }, tx)
        ?? throw Problem.NotFound($"There is no webhook endpoint {id}.");

    private static async Task<WebhookEndpointDto> LoadAsync(DbConnection c, DbTransaction tx, long id) => (await FindAsync(c, tx, id)).ToDto();

    private sealed class EndpointRow
    {
        public long Id { get; set; }
        public string Url { get; set; } = "";
        public string Events { get; set; } = "";
        public bool Enabled { get; set; }
        public string SecretHint { get; set; } = "";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public WebhookEndpointDto ToDto() => new(Id, Url, WebhookEventType.Parse(Events), Enabled, SecretHint, CreatedAt, UpdatedAt);
    }

    private sealed class DeliveryRow
    {
        public const string Select = """
            SELECT id, event_id AS EventId, type, conversation_id AS ConversationId, status, attempts, response_code AS ResponseCode,
                   last_error AS LastError, next_attempt_at AS NextAttemptAt, created_at AS CreatedAt, delivered_at AS DeliveredAt
            FROM webhook_deliveries
            """;

        public long Id { get; set; }
        public string EventId { get; set; } = "";
        public string Type { get; set; } = "";
        public long? ConversationId { get; set; }
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public int? ResponseCode { get; set; }
        public string? LastError { get; set; }
        public long? NextAttemptAt { get; set; }
        public long CreatedAt { get; set; }
        public long? DeliveredAt { get; set; }

        // The next attempt only means something while the delivery is still to be sent.
        public WebhookDeliveryDto ToDto() => new(Id, EventId, Type, ConversationId, Status, Attempts, ResponseCode, LastError,
            WebhookDeliveryStatus.IsUnsettled(Status) ? NextAttemptAt : null, CreatedAt, DeliveredAt);
    }
}
