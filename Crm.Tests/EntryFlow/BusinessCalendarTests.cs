using Crm.ServiceInterface.EntryFlow;

namespace Crm.Tests.EntryFlow;

/// <summary>Business hours as pure logic: weekly slots, split shifts, overnight slots, special days and daylight-saving days.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Madrid = WallTime.Zone("Europe/Madrid")!;

    private static OpeningSlot Slot(DayOfWeek day, string open, string close) =>
        new(day, WallTime.ParseMinute(open, false)!.Value, WallTime.ParseMinute(close, true)!.Value);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    // Weekdays 09:00-13:00 and 15:00-18:00 (a split shift), Friday night 22:00-02:00, in Madrid.
    private static BusinessCalendar Office(params SpecialDayRule[] specialDays)
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var slots = weekdays.SelectMany(d => new[] { Slot(d, "09:00", "13:00"), Slot(d, "15:00", "18:00") }).Append(Slot(DayOfWeek.Friday, "22:00", "02:00"));
        return new BusinessCalendar(Madrid, slots.ToList(), specialDays);
    }

    [Fact]
    public void Open_inside_a_slot_and_closed_before_after_and_in_the_split_shift_gap()
    {
        var calendar = Office();
        // Tuesday 2026-06-16, Madrid is UTC+2 in summer.
        Assert.True(calendar.At(Utc("2026-06-16T07:00:00")).IsOpen);   // 09:00 local, the first minute
        Assert.False(calendar.At(Utc("2026-06-16T06:59:00")).IsOpen);  // 08:59: before
        var gap = calendar.At(Utc("2026-06-16T12:00:00"));              // 14:00: lunch gap
        Assert.False(gap.IsOpen);
        Assert.Equal(Utc("2026-06-16T13:00:00"), gap.OpensAt);          // back at 15:00 local
        Assert.False(calendar.At(Utc("2026-06-16T16:00:00")).IsOpen);  // 18:00: after, the close is exclusive
        Assert.Equal(Utc("2026-06-17T07:00:00"), calendar.At(Utc("2026-06-16T16:00:00")).OpensAt);
        Assert.Equal(Utc("2026-06-16T11:00:00"), calendar.At(Utc("2026-06-16T08:00:00")).ClosesAt);
    }

    [Fact]
    public void An_overnight_slot_is_open_past_midnight_and_the_weekend_opens_on_Monday()
    {
        var calendar = Office();
        Assert.True(calendar.At(Utc("2026-06-19T21:00:00")).IsOpen);   // Friday 23:00
        Assert.True(calendar.At(Utc("2026-06-19T23:30:00")).IsOpen);   // Saturday 01:30, still Friday's slot
        var saturday = calendar.At(Utc("2026-06-20T00:00:00"));         // Saturday 02:00: closed
        Assert.False(saturday.IsOpen);
        Assert.Equal(Utc("2026-06-22T07:00:00"), saturday.OpensAt);     // Monday 09:00
    }

    [Fact]
    public void On_the_spring_forward_day_a_slot_opens_at_its_wall_clock_time_an_hour_earlier_in_UTC()
    {
        // Sunday 2026-03-29: 02:00 becomes 03:00 in Madrid. Open 01:00-10:00 that day only.
        var calendar = new BusinessCalendar(Madrid, [Slot(DayOfWeek.Sunday, "01:00", "10:00")], []);
        Assert.Equal(Utc("2026-03-29T00:00:00"), calendar.Instant(new DateOnly(2026, 3, 29), 60));   // 01:00 CET
        Assert.Equal(Utc("2026-03-29T08:00:00"), calendar.Instant(new DateOnly(2026, 3, 29), 600));  // 10:00 CEST
        Assert.True(calendar.At(Utc("2026-03-29T07:59:00")).IsOpen);
        Assert.False(calendar.At(Utc("2026-03-29T08:00:00")).IsOpen);
        // A week before, 10:00 was 09:00 UTC.
        Assert.True(calendar.At(Utc("2026-03-22T08:30:00")).IsOpen);
        Assert.False(calendar.At(Utc("2026-03-22T09:00:00")).IsOpen);
        // 02:30 does not exist that night: it lands at 03:30 CEST, as far past the gap as it was into it.
        Assert.Equal(Utc("2026-03-29T01:30:00"), calendar.Instant(new DateOnly(2026, 3, 29), 150));
    }

    [Fact]
    public void On_the_fall_back_day_the_open_hours_last_an_hour_longer_in_real_time()
    {
        // Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET. Open 00:00-06:00 is seven real hours.
        var calendar = new BusinessCalendar(Madrid, [Slot(DayOfWeek.Sunday, "00:00", "06:00")], []);
        var (from, to) = calendar.IntervalsStarting(new DateOnly(2026, 10, 25)).Single();
        Assert.Equal(Utc("2026-10-24T22:00:00"), from);
        Assert.Equal(Utc("2026-10-25T05:00:00"), to);
        Assert.Equal(TimeSpan.FromHours(7), to - from);
        Assert.True(calendar.At(Utc("2026-10-25T04:30:00")).IsOpen);   // 05:30 CET
        // 02:30 happens twice: its first occurrence (CEST) counts.
        Assert.Equal(Utc("2026-10-25T00:30:00"), calendar.Instant(new DateOnly(2026, 10, 25), 150));
    }

    [Fact]
    public void A_special_day_closes_the_day_or_changes_its_hours_and_a_yearly_one_repeats()
    {
        var christmas = new SpecialDayRule(1, "Christmas", new DateOnly(2025, 12, 25), true, true, null, null, "Merry Christmas, we are closed.");
        var eve = new SpecialDayRule(2, "Christmas Eve", new DateOnly(2026, 12, 24), false, false, 9 * 60, 12 * 60, "Short hours today.");
        var calendar = Office(christmas, eve);

        var closed = calendar.At(Utc("2026-12-25T10:00:00"));  // a Friday, 11:00 local (UTC+1)
        Assert.False(closed.IsOpen);
        Assert.Equal("Christmas", closed.SpecialDay?.Name);
        Assert.Equal(Utc("2026-12-28T08:00:00"), closed.OpensAt); // Friday's night slot is also gone: Monday 09:00

        Assert.True(calendar.At(Utc("2026-12-24T10:00:00")).IsOpen);   // 11:00 on the eve
        var afternoon = calendar.At(Utc("2026-12-24T15:00:00"));        // 16:00: normally open, not that day
        Assert.False(afternoon.IsOpen);
        Assert.Equal("Christmas Eve", afternoon.SpecialDay?.Name);
        Assert.Null(calendar.At(Utc("2026-12-23T15:00:00")).SpecialDay);
        Assert.True(calendar.At(Utc("2026-12-23T15:00:00")).IsOpen);
    }

    [Fact]
    public void A_schedule_with_no_slots_never_opens()
    {
        var status = new BusinessCalendar(Madrid, [], []).At(Utc("2026-06-16T10:00:00"));
        Assert.False(status.IsOpen);
        Assert.Null(status.OpensAt);
    }

    [Theory]
    [InlineData("09:00", 540)]
    [InlineData("24:00", 1440)]
    [InlineData("9:5", null)]
    [InlineData("25:00", null)]
    [InlineData("ab:cd", null)]
    public void Wall_times_are_read_strictly(string text, int? minute) => Assert.Equal(minute, WallTime.ParseMinute(text, allowMidnightEnd: true));
}
