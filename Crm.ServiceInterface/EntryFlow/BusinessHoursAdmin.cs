using System.Globalization;
using System.Text.Json;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>Admins' business hours (weekly slots in a time zone) and special days: validated in plain words, audited, live at once.</summary>
public sealed class BusinessHoursAdmin(CrmDb db, EntryFlowEngine flow, TimeProvider time)
{
    public const int NameMax = 100, MessageMax = 1000, SlotsMax = 70;

    public async Task<IReadOnlyList<BusinessHoursDto>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<BusinessHoursRow>($"SELECT {BusinessHoursRow.Columns} FROM business_hours WHERE retired = 0 ORDER BY name, id");
        var list = new List<BusinessHoursDto>();
        foreach (var row in rows) list.Add(await DtoAsync(c, row));
        return list;
    }

    public async Task<BusinessHoursDto> SaveAsync(long? id, SaveBusinessHours? request, long actorId, CancellationToken ct = default)
    {
        var check = new Validation();
        var name = request?.Name?.Trim();
        check.Required(name, "name", "Give the business hours a name.").MaxLength(name, NameMax, "name", "The name");
        var zone = request?.TimeZone?.Trim();
        if (string.IsNullOrEmpty(zone)) check.Add("timeZone", "Choose the time zone the hours are in (such as Europe/Madrid).");
        else if (WallTime.Zone(zone) is null)
            check.Add("timeZone", $"\"{zone}\" is not a time zone this server knows; use an IANA name such as Europe/Madrid.");
        var slots = CheckSlots(request?.Slots ?? [], check);
        check.ThrowIfInvalid();

        var slotsJson = JsonSerializer.Serialize(slots, BusinessHoursRow.Json);
        var saved = await db.InTransactionAsync(async (c, tx) =>
        {
            var now = time.NowMs();
            var detail = $"{name} ({zone}): {string.Join(", ", slots.Select(s => $"{s.Day} {s.Open}-{s.Close}"))}";
            long savedId;
            if (id is { } existing)
            {
                if (await c.ExecuteAsync("""
                        UPDATE business_hours SET name = @name, time_zone = @zone, slots = @slotsJson, updated_at = @now
                        WHERE id = @existing AND retired = 0
                        """, new { name, zone, slotsJson, now, existing }, tx) == 0)
                    throw Problem.NotFound($"There are no business hours {existing}.");
                savedId = existing;
            }
            else savedId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO business_hours (name, time_zone, slots, created_at, updated_at) VALUES (@name, @zone, @slotsJson, @now, @now) RETURNING id
                """, new { name, zone, slotsJson, now }, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "business_hours", savedId, id is null ? "created" : "updated", detail, now);
            return savedId;
        }, ct);
        await flow.ReviewHoldsAsync(ct);
        return (await ListAsync(ct)).Single(h => h.Id == saved);
    }

    public async Task RetireAsync(long id, long actorId, CancellationToken ct = default)
    {
        await db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM entry_points WHERE business_hours_id = @id AND retired = 0 LIMIT 1",
                    new { id }, tx) is { } used)
                throw Problem.Conflict($"Entry point {used} uses these business hours; give it other hours (or none) first.");
            if (await c.ExecuteAsync("UPDATE business_hours SET retired = 1, updated_at = @now WHERE id = @id AND retired = 0",
                    new { id, now = time.NowMs() }, tx) == 0)
                throw Problem.NotFound($"There are no business hours {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "business_hours", id, "retired", null, time.NowMs());
        }, ct);
        await flow.ReviewHoldsAsync(ct);
    }

    /// <summary>Every slot's problems at once, by position ("Slot 2: ..."); overlapping slots of one day are refused.</summary>
    private static List<OpeningSlotDto> CheckSlots(IReadOnlyList<OpeningSlotDto?> slots, Validation check)
    {
        if (slots.Count > SlotsMax) check.Add("slots", $"Business hours can have at most {SlotsMax} slots (these have {slots.Count}).");
        var clean = new List<(int N, OpeningSlot Slot)>();
        for (var i = 0; i < slots.Count; i++)
        {
            var s = slots[i];
            var field = $"slots[{i}]";
            var day = WallTime.ParseDay(s?.Day);
            var open = WallTime.ParseMinute(s?.Open, false);
            var close = WallTime.ParseMinute(s?.Close, true);
            if (day is null) check.Add(field + ".day", $"Slot {i + 1}: choose a day, monday to sunday.");
            if (open is null) check.Add(field + ".open", $"Slot {i + 1}: write the opening time as HH:mm, such as 09:00.");
            if (close is null) check.Add(field + ".close", $"Slot {i + 1}: write the closing time as HH:mm, such as 18:00 (24:00 for midnight).");
            if (open is { } o && close is { } cl && o == cl)
                check.Add(field + ".close", $"Slot {i + 1} opens and closes at the same time; for a whole day write 00:00 to 24:00.");
            if (day is { } d && open is { } op && close is { } cz && op != cz) clean.Add((i + 1, new OpeningSlot(d, op, cz)));
        }
        // Two slots overlap when their minutes of the week do (an overnight slot reaches into the next day).
        static IEnumerable<(int From, int To)> Week(OpeningSlot s)
        {
            var start = (int)s.Day * 1440 + s.OpenMinute;
            var end = (int)s.Day * 1440 + (s.Overnight ? 1440 + s.CloseMinute : s.CloseMinute);
            if (end <= 7 * 1440) yield return (start, end);
            else { yield return (start, 7 * 1440); yield return (0, end - 7 * 1440); }
        }
        for (var a = 0; a < clean.Count; a++)
            for (var b = a + 1; b < clean.Count; b++)
                if (Week(clean[a].Slot).Any(x => Week(clean[b].Slot).Any(y => x.From < y.To && y.From < x.To)))
                    check.Add($"slots[{clean[b].N - 1}]", $"Slot {clean[b].N} overlaps slot {clean[a].N}; join them into one slot or move one.");
        return clean.Select(x => new OpeningSlotDto
        {
            Day = WallTime.DayName(x.Slot.Day), Open = WallTime.Format(x.Slot.OpenMinute), Close = WallTime.Format(x.Slot.CloseMinute),
        }).ToList();
    }

    private async Task<BusinessHoursDto> DtoAsync(DbConnection c, BusinessHoursRow row)
    {
        var status = (await flow.SettingsAsync(c)).Calendar(row.Id)?.At(time.GetUtcNow());
        return new BusinessHoursDto(row.Id, row.Name, row.TimeZone, row.SlotDtos(), status?.IsOpen ?? false,
            status?.OpensAt?.ToUnixTimeMilliseconds(), status?.ClosesAt?.ToUnixTimeMilliseconds());
    }

    // Special days

    public async Task<IReadOnlyList<SpecialDayDto>> SpecialDaysAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<SpecialDayRow>($"SELECT {SpecialDayRow.Columns} FROM special_days WHERE retired = 0 ORDER BY date, id");
        return rows.Select(r => r.Dto()).ToList();
    }

    public async Task<SpecialDayDto> SaveSpecialDayAsync(long? id, SaveSpecialDay? request, long actorId, CancellationToken ct = default)
    {
        var check = new Validation();
        var name = request?.Name?.Trim();
        var message = request?.Message?.Trim();
        check.Required(name, "name", "Give the special day a name, such as Christmas Day.").MaxLength(name, NameMax, "name", "The name");
        check.Required(message, "message", "Write the message customers get on this day.").MaxLength(message, MessageMax, "message", "The message");
        var dateText = request?.Date?.Trim();
        var validDate = DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (string.IsNullOrEmpty(dateText)) check.Add("date", "Choose the date.");
        else if (!validDate) check.Add("date", "Write the date as yyyy-MM-dd, such as 2026-12-25.");
        var closed = request?.Closed ?? true;
        int? open = null, close = null;
        if (!closed)
        {
            open = WallTime.ParseMinute(request?.Open, false);
            close = WallTime.ParseMinute(request?.Close, true);
            check.When(open is null, "open", "A day with changed hours needs its opening time as HH:mm, such as 10:00.")
                .When(close is null, "close", "A day with changed hours needs its closing time as HH:mm, such as 14:00 (24:00 for midnight).")
                .When(open is not null && open == close, "close", "The changed hours open and close at the same time.");
        }
        if (request?.BusinessHoursId is { } hoursId)
        {
            await using var c = await db.OpenAsync(ct);
            check.When(await c.ExecuteScalarAsync<long?>("SELECT id FROM business_hours WHERE id = @hoursId AND retired = 0", new { hoursId }) is null,
                "businessHoursId", "Choose business hours that exist, or none for every schedule.");
        }
        check.ThrowIfInvalid();

        var row = new
        {
            hoursId = request!.BusinessHoursId, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name, closed,
            openAt = open is { } o ? WallTime.Format(o) : null, closeAt = close is { } cl ? WallTime.Format(cl) : null,
            message, repeats = request.RepeatsYearly ?? false, now = time.NowMs(), id,
        };
        var saved = await db.InTransactionAsync(async (c, tx) =>
        {
            long savedId;
            if (id is not null)
            {
                if (await c.ExecuteAsync("""
                        UPDATE special_days SET business_hours_id = @hoursId, date = @date, name = @name, closed = @closed,
                            open_at = @openAt, close_at = @closeAt, message = @message, repeats_yearly = @repeats, updated_at = @now
                        WHERE id = @id AND retired = 0
                        """, row, tx) == 0)
                    throw Problem.NotFound($"There is no special day {id}.");
                savedId = id.Value;
            }
            else savedId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO special_days (business_hours_id, date, name, closed, open_at, close_at, message, repeats_yearly, created_at, updated_at)
                VALUES (@hoursId, @date, @name, @closed, @openAt, @closeAt, @message, @repeats, @now, @now) RETURNING id
                """, row, tx);
            await AuditLog.WriteAsync(c, tx, actorId, "special_day", savedId, id is null ? "created" : "updated",
                $"{row.date} {name}: {(closed ? "closed" : $"{row.openAt}-{row.closeAt}")}{(row.repeats ? ", every year" : "")}", row.now);
            return savedId;
        }, ct);
        await flow.ReviewHoldsAsync(ct);
        return (await SpecialDaysAsync(ct)).Single(s => s.Id == saved);
    }

    public async Task RetireSpecialDayAsync(long id, long actorId, CancellationToken ct = default)
    {
        await db.InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("UPDATE special_days SET retired = 1, updated_at = @now WHERE id = @id AND retired = 0",
                    new { id, now = time.NowMs() }, tx) == 0)
                throw Problem.NotFound($"There is no special day {id}.");
            await AuditLog.WriteAsync(c, tx, actorId, "special_day", id, "retired", null, time.NowMs());
        }, ct);
        await flow.ReviewHoldsAsync(ct);
    }
}
