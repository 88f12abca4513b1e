namespace KioskRuntime.Daemon;

/// <summary>
/// Lets one log line through per <c>interval</c> and counts the ones held back, so a flooding device cannot fill the journal with
/// warnings. Thread-safe (device loops call it concurrently).
/// </summary>
internal sealed class LogThrottle(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _nextAllowed = long.MinValue;
    private long _held;

    /// <summary>True when this line may be logged; <paramref name="heldBack"/> is how many were held back since the last one.</summary>
    public bool TryPass(out long heldBack)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (now < _nextAllowed)
            {
                _held++;
                heldBack = 0;
                return false;
            }

            _nextAllowed = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            heldBack = _held;
            _held = 0;
            return true;
        }
    }
}
