namespace KioskRuntime.Sync.Replay;

/// <summary>
/// A level-triggered wake-up: <see cref="Set"/> from any thread; the single waiting loop calls <see cref="Consume"/> before it
/// looks for work, so a Set that races with the work is never lost (it leaves the next wait already completed).
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => Volatile.Read(ref _tcs).Task;

    public void Set() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Re-arms the signal if it fired. Call before checking for work.</summary>
    public void Consume()
    {
        var current = Volatile.Read(ref _tcs);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
