using System.Globalization;

namespace Crm.Tests.Reports;

/// <summary>A clock that stands still until the test moves it, so every stored time of a scripted day is known to the millisecond.</summary>
public sealed class FrozenClock(DateTimeOffset at) : TimeProvider
{
    private long ticks = at.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    /// <summary>Moves to a later time of the scripted day, "09:10:05".</summary>
    public void At(string time)
    {
        var target = new DateTimeOffset(GetUtcNow().UtcDateTime.Date + TimeSpan.Parse(time, CultureInfo.InvariantCulture), TimeSpan.Zero);
        if (target < GetUtcNow()) throw new InvalidOperationException($"{time} is before the clock's {GetUtcNow():HH:mm:ss}");
        Interlocked.Exchange(ref ticks, target.UtcTicks);
    }
}
