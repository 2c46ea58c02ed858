using System.Collections.Concurrent;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Auth;

/// <summary>
/// Whether a session cookie is still good: its stamp must be the user's current one and the user active. Read from the users
/// table once per user and kept; a change on this node drops the entry at once, and entries are re-read after
/// <see cref="RefreshAfter"/>, so a change made on another node also ends the sessions there within seconds.
/// </summary>
public sealed class SessionStamps(CrmDb db, TimeProvider time)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (long Stamp, bool Active, long ReadAt)> known = new();

    public async ValueTask<bool> IsCurrentAsync(long userId, long stamp, CancellationToken ct = default)
    {
        var now = time.NowMs();
        if (!known.TryGetValue(userId, out var entry) || now - entry.ReadAt > RefreshAfter.TotalMilliseconds)
        {
            await using var c = await db.OpenAsync(ct);
            var row = await c.QuerySingleOrDefaultAsync<(long Stamp, long? DeactivatedAt)?>(
                "SELECT security_stamp, deactivated_at FROM users WHERE id = @userId", new { userId });
            entry = (row?.Stamp ?? -1, row is { DeactivatedAt: null }, now);
            known[userId] = entry;
        }
        return entry.Active && entry.Stamp == stamp;
    }

    /// <summary>Call after committing a change to the user's stamp or activation.</summary>
    public void Forget(long userId) => known.TryRemove(userId, out _);
}
