namespace Crm.ServiceInterface.Data;

public static class Clock
{
    /// <summary>Now as unix milliseconds, the one time format the database stores.</summary>
    public static long NowMs(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
