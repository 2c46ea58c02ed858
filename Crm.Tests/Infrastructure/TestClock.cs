namespace Crm.Tests.Infrastructure;

/// <summary>A clock a test can move forward, for lockouts and time limits.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
