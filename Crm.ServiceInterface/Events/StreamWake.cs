namespace Crm.ServiceInterface.Events;

/// <summary>
/// One stream's wake-up, armed before each read so a wake after the read cannot be missed. Whoever has news for the stream
/// wakes it (the tail for its audiences, the shared heartbeat), so an idle stream waits on this alone, with no timer of its own.
/// </summary>
public sealed class StreamWake
{
    private TaskCompletionSource current = NewWake();

    /// <summary>A task that completes at the next <see cref="Wake"/> after this call.</summary>
    public Task Arm()
    {
        var next = NewWake();
        Volatile.Write(ref current, next);
        return next.Task;
    }

    public void Wake() => Volatile.Read(ref current).TrySetResult();

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A stored event and its SSE frame, formatted once for every stream that sends it.</summary>
public sealed record FramedEvent(CrmEvent Event, byte[] Frame)
{
    public static FramedEvent Of(CrmEvent e) => new(e, SseFrame.Of(e));
}

/// <summary>What one read found: the events, the id the stream has now read up to, and whether more are waiting.</summary>
public sealed record EventBatch(IReadOnlyList<FramedEvent> Events, long ReadTo, bool More);
