using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>Admins' entry points (which queue each channel feeds, and what runs before it) and the emergency switches.</summary>
public sealed class EntryPointsAdmin(CrmDb db, EntryFlowEngine flow, TimeProvider time)
{
    public const int AddressMax = 200, MessageMax = 1000, UrlMax = 500, SecretMax = 200;
    public static readonly (int Min, int Max) BotSilence = (1, 1440);

    public async Task<IReadOnlyList<EntryPointDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<EntryPointRow>(
            $"SELECT {EntryPointRow.Columns} FROM {EntryPointRow.From} WHERE e.retired = 0 ORDER BY e.channel, e.address, e.id");
        var list = new List<EntryPointDto>();
        var settings = await flow.SettingsAsync(c);
        foreach (var e in rows)
        {
            var status = EntryGate.Decide(settings, e, null, time.NowMs()).Status;
            list.Add(new EntryPointDto(e.Id, e.Channel, e.Address, e.QueueId, e.QueueName, e.BusinessHoursId, e.OutsideHoursMessage, e.SpecialDayMessage,
                e.ReplyMode, e.RouteAnyway, e.Bot, e.BotUrl, !string.IsNullOrEmpty(e.BotSecret), e.BotGreeting, e.BotMaxMisses, e.BotMaxMessages, status,
                e.BotSilenceMinutes, e.BotClosingMessage));
        }
        return list;
    }

    public async Task<EntryPointDto> SaveAsync(long? id, SaveEntryPoint? request, long actorId, CancellationToken ct = default)
    {
        request ??= new SaveEntryPoint();
        var check = new Validation();
        var channel = request.Channel?.Trim().ToLowerInvariant();
        var address = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim();
        var outside = request.OutsideHoursMessage?.Trim() ?? "";
        var special = string.IsNullOrWhiteSpace(request.SpecialDayMessage) ? null : request.SpecialDayMessage.Trim();
        var replyMode = (request.ReplyMode ?? ReplyMode.Public).Trim().ToLowerInvariant();
        var bot = (request.Bot ?? BotKind.None).Trim().ToLowerInvariant();
        var botUrl = string.IsNullOrWhiteSpace(request.BotUrl) ? null : request.BotUrl.Trim();
        var greeting = string.IsNullOrWhiteSpace(request.BotGreeting) ? null : request.BotGreeting.Trim();
        var closing = string.IsNullOrWhiteSpace(request.BotClosingMessage) ? null : request.BotClosingMessage.Trim();

        if (string.IsNullOrEmpty(channel)) check.Add("channel", "Choose the channel this entry point is for.");
        else if (!ChannelCatalog.EntryKinds.Contains(channel))
            check.Add("channel", $"\"{request.Channel}\" is not a channel; choose one of {string.Join(", ", ChannelCatalog.EntryKinds)}.");
        check.MaxLength(address, AddressMax, "address", "The page, number or account")
            .When(request.QueueId is null, "queueId", "Choose the queue this entry point feeds.")
            .When(request.BusinessHoursId is not null && outside.Length == 0, "outsideHoursMessage", "Write the message customers get outside business hours.")
            .MaxLength(outside, MessageMax, "outsideHoursMessage", "The outside-hours message")
            .MaxLength(special, MessageMax, "specialDayMessage", "The special-day message")
            .When(!ReplyMode.All.Contains(replyMode), "replyMode",
                "Choose how public posts are answered: public (under the post) or private (a direct message).")
            .When(!BotKind.All.Contains(bot), "bot", "Choose the bot: none, builtin (the virtual assistant) or external (your own bot at a URL).")
            .MaxLength(greeting, MessageMax, "botGreeting", "The greeting")
            .Range(request.BotMaxMisses, 1, 10, "botMaxMisses", "The bot hands off after 1 to 10 unanswered questions.")
            .Range(request.BotMaxMessages, 1, 50, "botMaxMessages", "The bot hands off after 1 to 50 messages.")
            .Range(request.BotSilenceMinutes, BotSilence.Min, BotSilence.Max, "botSilenceMinutes",
                $"The bot closes a silent chat after {BotSilence.Min} to {BotSilence.Max:N0} minutes (leave it empty to wait for ever).")
            .MaxLength(closing, MessageMax, "botClosingMessage", "The closing message");
        if (bot == BotKind.External)
        {
            if (botUrl is null) check.Add("botUrl", "Give the address of the external bot (https://...).");
            else if (!Uri.TryCreate(botUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                check.Add("botUrl", "The bot's address must be a full http:// or https:// URL.");
            check.MaxLength(botUrl, UrlMax, "botUrl", "The bot's address").MaxLength(request.BotSecret, SecretMax, "botSecret", "The secret");
        }

        await using (var c = await db.OpenAsync(ct))
        {
            if (request.QueueId is { } queueId)
                check.When(await c.ExecuteScalarAsync<long?>("SELECT id FROM queues WHERE id = @queueId", new { queueId }) is null,
                    "queueId", "Choose a queue that exists.");
            if (request.BusinessHoursId is { } hoursId)
                check.When(await c.ExecuteScalarAsync<long?>("SELECT id FROM business_hours WHERE id = @hoursId AND retired = 0", new { hoursId }) is null,
                    "businessHoursId", "Choose business hours that exist, or none to be always open.");
            if (channel is not null && await c.ExecuteScalarAsync<long?>(
                    """
                    SELECT id FROM entry_points WHERE retired = 0 AND channel = @channel
                        AND COALESCE(address, '') = COALESCE(@address, '') AND id <> COALESCE(@id, 0)
                    """, new { channel, address, id }) is not null)
                check.Add(address is null ? "channel" : "address", address is null
                    ? $"There is already an entry point for every {channel} conversation; edit that one, or name a page, number or account."
                    : $"There is already an entry point for {channel} {address}; edit that one.");
            var storedSecret = id is { } existing
                ? await c.ExecuteScalarAsync<string?>("SELECT bot_secret FROM entry_points WHERE id = @existing", new { existing }) : null;
            if (bot == BotKind.External && string.IsNullOrEmpty(request.BotSecret) && string.IsNullOrEmpty(storedSecret))
                check.Add("botSecret", "Give the secret the bot checks each request's signature with.");
        }
        check.ThrowIfInvalid();

        var row = new
        {
            id, channel, address, request.QueueId, request.BusinessHoursId, outside, special, replyMode, routeAnyway = request.RouteAnyway ?? false, bot,
            botUrl = bot == BotKind.External ? botUrl : null, secret = string.IsNullOrEmpty(request.BotSecret) ? null : request.BotSecret, greeting,
            misses = request.BotMaxMisses ?? 2, messages = request.BotMaxMessages ?? 5, silence = request.BotSilenceMinutes, closing, now = time.NowMs(),
        };
        var saved = await db.InTransactionAsync(async (c, tx) =>
        {
            long savedId;
            if (id is not null)
            {
                if (await c.ExecuteAsync("""
                        UPDATE entry_points SET channel = @channel, address = @address, queue_id = @QueueId, business_hours_id = @BusinessHoursId,
                            outside_hours_message = @outside, special_day_message = @special, reply_mode = @replyMode, route_anyway = @routeAnyway,
                            bot = @bot, bot_url = @botUrl, bot_secret = COALESCE(@secret, bot_secret), bot_greeting = @greeting,
                            bot_max_misses = @misses, bot_max_messages = @messages, bot_silence_minutes = @silence, bot_closing_message = @closing,
                            updated_at = @now
                        WHERE id = @id AND retired = 0
                        """, row, tx) == 0)
                    throw Problem.NotFound($"There is no entry point {id}.");
                savedId = id.Value;
            }
            else savedId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO entry_points (channel, address, queue_id, business_hours_id, outside_hours_message, special_day_message, reply_mode,
                    route_anyway, bot, bot_url, bot_secret, bot_greeting, bot_max_misses, bot_max_messages, bot_silence_minutes, bot_closing_message,
                    created_at, updated_at)
                VALUES (@channel, @address, @QueueId, @BusinessHoursId, @outside, @special, @replyMode, @routeAnyway, @bot, @botUrl, @secret, @greeting,
                    @misses, @messages, @silence, @closing, @now, @now) RETURNING id
                """, row, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "entry_point", savedId, id is null ? "created" : "updated",
                $"{channel}{(address is null ? "" : " " + address)} -> queue {request.QueueId}, " +
                $"hours {request.BusinessHoursId?.ToString() ?? "always"}, bot {bot}, " +
                $"closes after {request.BotSilenceMinutes?.ToString() ?? "no"} silent minutes" +
                (row.secret is null ? "" : ", bot secret changed"), row.now);
            return savedId;
        }, ct);
        await flow.ReviewHoldsAsync(ct);
        return (await ListAsync(ct)).Single(e => e.Id == saved);
    }

    public async Task RetireAsync(long id, long actorId, CancellationToken ct = default)
    {
        await db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("UPDATE entry_points SET retired = 1, updated_at = @now WHERE id = @id AND retired = 0",
                    new { id, now = time.NowMs() }, tx) == 0)
                throw Problem.NotFound($"There is no entry point {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "entry_point", id, "retired", null, time.NowMs());
        }, ct);
        await flow.ReviewHoldsAsync(ct);
    }

    /// <summary>Every switch: the one for all entry points first (off until someone turns it on), then each entry point's.</summary>
    public async Task<IReadOnlyList<EmergencyDto>> EmergenciesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<EmergencyRow>($"SELECT {EmergencyRow.Columns} FROM emergencies ORDER BY scope")).Select(r => r.Dto()).ToList();
        if (rows.All(r => r.EntryPointId is not null)) rows.Insert(0, new EmergencyDto(null, false, "", false, 0));
        return rows;
    }

    public async Task<EmergencyDto> SetEmergencyAsync(SetEmergency? request, long actorId, CancellationToken ct = default)
    {
        var check = new Validation();
        var active = request?.Active ?? false;
        var message = request?.Message?.Trim() ?? "";
        check.When(request?.Active is null, "active", "Say whether the emergency is on or off.")
            .When(active && message.Length == 0, "message", "Write the message customers get during the emergency.")
            .MaxLength(message, MessageMax, "message", "The emergency message");
        var scope = request?.EntryPointId ?? 0;
        if (scope != 0)
        {
            await using var c = await db.OpenAsync(ct);
            check.When(await c.ExecuteScalarAsync<long?>("SELECT id FROM entry_points WHERE id = @scope AND retired = 0", new { scope }) is null,
                "entryPointId", "Choose an entry point that exists, or none for every entry point.");
        }
        check.ThrowIfInvalid();
        var hold = request!.HoldRouting ?? false;
        await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            // The period starts when the switch goes on: customers are told once per emergency, not once per edit of its text.
            await c.ExecuteAsync("""
                INSERT INTO emergencies (scope, active, message, hold_routing, changed_at, changed_by) VALUES (@scope, @active, @message, @hold, @now, @actorId)
                ON CONFLICT (scope) DO UPDATE SET active = excluded.active, message = excluded.message, hold_routing = excluded.hold_routing,
                    changed_by = excluded.changed_by,
                    changed_at = CASE WHEN emergencies.active = 1 AND excluded.active = 1 THEN emergencies.changed_at ELSE excluded.changed_at END
                """, new { scope, active, message, hold, now, actorId }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "emergency", scope, active ? "on" : "off",
                $"{(scope == 0 ? "every entry point" : $"entry point {scope}")}{(hold ? ", routing held" : "")}: {message}", now);
        }, ct);
        await flow.ReviewHoldsAsync(ct);
        return (await EmergenciesAsync(ct)).Single(e => (e.EntryPointId ?? 0) == scope);
    }
}
