namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// A sliding-window request budget: at most <c>limit</c> requests start in any window of <c>window</c>. <see cref="Reserve"/>
/// returns how long the caller must wait before it may start; pure arithmetic on the timestamps it is given, so it is tested
/// without a clock. Thread-safe.
/// </summary>
internal sealed class RequestThrottle
{
    private readonly Queue<DateTimeOffset> _starts = new();
    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly TimeSpan _window;

    public RequestThrottle(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _window = window;
    }

    /// <summary>Books a start for a request wanting to go at <paramref name="now"/>; the result is the wait before it may.</summary>
    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_starts.Count > 0 && _starts.Peek() <= now - _window)
            {
                _starts.Dequeue();
            }

            var start = now;
            if (_starts.Count >= _limit)
            {
                // The request may start once the one _limit places back has left the window.
                var blocking = _starts.ElementAt(_starts.Count - _limit);
                start = blocking + _window;
            }

            // Starts stay in order (a request never overtakes one booked before it), which keeps the arithmetic above valid.
            if (_starts.Count > 0 && _starts.Last() > start)
            {
                start = _starts.Last();
            }

            _starts.Enqueue(start);
            return start - now;
        }
    }
}
