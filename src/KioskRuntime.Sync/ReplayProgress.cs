namespace KioskRuntime.Sync;

/// <summary>
/// The replay loop's sign of life, for a supervisor (kioskd's systemd watchdog) to read. Sync's own type, so the upstream client
/// needs nothing from the device contracts. Thread-safe: the loop beats, any thread reads.
/// </summary>
public sealed class ReplayProgress
{
    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private long _count;

    internal ReplayProgress(TimeProvider time)
    {
        _time = time;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Number of beats so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Time since the last beat (since construction before the first).</summary>
    public TimeSpan SinceLastBeat => _time.GetElapsedTime(Interlocked.Read(ref _lastTimestamp));

    internal void Beat()
    {
        Interlocked.Exchange(ref _lastTimestamp, _time.GetTimestamp());
        Interlocked.Increment(ref _count);
    }
}
