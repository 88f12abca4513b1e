namespace KioskRuntime.Daemon.Rules;

/// <summary>
/// The duplicate-scan rule: the same code read again within the profile's window is one scan, not two (a scanner that re-reads a
/// label held still). A window of zero turns the rule off. A duplicate does not restart the window; any accepted scan does.
/// Owned by the sale loop; not thread-safe.
/// </summary>
internal sealed class DuplicateScanWindow(TimeSpan window, TimeProvider time)
{
    private string? _lastData;
    private long _lastTimestamp;

    /// <summary>True if <paramref name="data"/> (trimmed) repeats the last accepted scan within the window; otherwise records it and returns false.</summary>
    public bool IsDuplicate(string data)
    {
        var now = time.GetTimestamp();
        if (window > TimeSpan.Zero && _lastData == data && time.GetElapsedTime(_lastTimestamp, now) < window)
        {
            return true;
        }

        _lastData = data;
        _lastTimestamp = now;
        return false;
    }
}
