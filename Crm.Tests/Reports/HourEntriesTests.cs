using Crm.ServiceInterface.Reports;

namespace Crm.Tests.Reports;

/// <summary>report_hours' packed form: what is encoded decodes to the same entries, nulls, long lists and odd values included.</summary>
public sealed class HourEntriesTests
{
    private const long Hour = 493_000; // 2026-03-28 16:00 UTC

    [Fact]
    public void Entries_round_trip_with_nulls_many_parts_and_many_reasons()
    {
        var start = Hour * HourEntry.HourMs;
        var parts = Enumerable.Range(0, 40).Select(i => new HourPart(1000L + i, (i % 4) switch
        {
            0 => "route", 1 => "transfer", 2 => "conference", _ => "bot-handover",
        }, start + 1000 * i, i == 39 ? null : start + 1000 * i + 86_400_000L * (i % 3))).ToArray();
        var entries = new List<HourEntry>
        {
            new(1, start, false, true, false, false, null, null, null, null, [], [], []),
            new(long.MaxValue / 3, start + 3_599_999, true, false, true, true, 0, 1, 2_000_000_000_000, -5,
                Enumerable.Range(1, 300).Select(i => (long)i * 7919).ToArray(), [3, 4_000_000_000], parts),
            new(42, start + 17, true, false, false, true, 12_345, null, 99, null, [9], [], [new HourPart(7, "route", start - 10, start + 5)]),
        };

        var bytes = HourEntries.Encode(Hour, entries);
        Assert.Equal(HourEntries.Version, bytes[0]);
        var back = HourEntries.Decode(Hour, bytes);

        Assert.Equal(entries.Count, back.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (want, got) = (entries[i], back[i]);
            Assert.Equal((want.Id, want.CreatedAt, want.Answered, want.Abandoned, want.Transferred, want.WrappedUp),
                (got.Id, got.CreatedAt, got.Answered, got.Abandoned, got.Transferred, got.WrappedUp));
            Assert.Equal((want.WaitMs, want.FirstResponseMs, want.HandleMs, want.PostProcessingMs),
                (got.WaitMs, got.FirstResponseMs, got.HandleMs, got.PostProcessingMs));
            Assert.Equal(want.Reasons, got.Reasons);
            Assert.Equal(want.Codes, got.Codes);
            Assert.Equal(want.Parts, got.Parts);
        }
    }

    [Fact]
    public void An_empty_hour_and_an_unknown_version_are_told_apart()
    {
        Assert.Empty(HourEntries.Decode(Hour, HourEntries.Encode(Hour, [])));
        Assert.Empty(HourEntries.Decode(Hour, []));
        var future = HourEntries.Encode(Hour, []);
        future[0] = 99;
        Assert.Throws<InvalidDataException>(() => HourEntries.Decode(Hour, future));
    }
}
