namespace KioskRuntime.Sync.Replay;

/// <summary>
/// Exponential backoff with full jitter (field notes §5): the n-th wait is uniform in [0, min(cap, base·2^n)).
/// The random source is injected so tests can pin it. Not thread-safe: one loop owns it.
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _cap;
    private readonly Func<double> _random;
    private int _attempt;

    public Backoff(TimeSpan baseDelay, TimeSpan cap, Func<double> random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, baseDelay);
        _base = baseDelay;
        _cap = cap;
        _random = random;
    }

    /// <summary>Failures in a row so far.</summary>
    public int Attempt => _attempt;

    /// <summary>The upper bound of the next wait.</summary>
    public TimeSpan Ceiling
    {
        get
        {
            // 2^n overflows long ticks near n = 40; the cap is reached long before that.
            var exponent = Math.Min(_attempt, 30);
            var ticks = Math.Min((double)_cap.Ticks, _base.Ticks * Math.Pow(2, exponent));
            return TimeSpan.FromTicks((long)ticks);
        }
    }

    /// <summary>The next wait; counts one more failure.</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling;
        _attempt++;
        var r = Math.Clamp(_random(), 0.0, 1.0);
        return TimeSpan.FromTicks((long)(ceiling.Ticks * r));
    }

    /// <summary>A success: the next failure starts from the base again.</summary>
    public void Reset() => _attempt = 0;
}
