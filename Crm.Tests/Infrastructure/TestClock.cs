namespace Crm.Tests.Infrastructure;

/// <summary>A clock a test can move forward, for lockouts and time limits.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;

    /// <summary>Moves the clock to <paramref name="at"/>; it goes on ticking from there.</summary>
    public void Set(DateTimeOffset at) => offset = at - base.GetUtcNow();
}
