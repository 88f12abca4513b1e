namespace KioskRuntime.Sync.Tests.Support;

/// <summary>A clock that moves only when the test says so; timers (Task.Delay, CancelAfter) fire on <see cref="Advance"/>.</summary>
internal sealed class ManualTime : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>True when some timer falls due within <paramref name="span"/> from now (the code under test is waiting on the clock).</summary>
    public bool HasTimerWithin(TimeSpan span)
    {
        lock (_lock)
        {
            return _timers.Any(t => t.DueAt <= _now + span);
        }
    }

    /// <summary>Moves the clock forward in steps no larger than <paramref name="step"/>, firing every timer that falls due.</summary>
    public void Advance(TimeSpan by, TimeSpan? step = null)
    {
        var left = by;
        var size = step ?? by;
        while (left > TimeSpan.Zero)
        {
            var move = left < size ? left : size;
            List<ManualTimer> due;
            lock (_lock)
            {
                _now += move;
                due = _timers.Where(t => t.DueAt <= _now).ToList();
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }

            left -= move;
        }
    }

    private void Register(ManualTimer timer, bool active)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            DueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner.GetUtcNow() + dueTime;
            owner.Register(this, dueTime != Timeout.InfiniteTimeSpan);
            return true;
        }

        public void Fire()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
            }
            else
            {
                owner.Register(this, active: false);
                DueAt = DateTimeOffset.MaxValue;
            }

            callback(state);
        }

        public void Dispose() => owner.Register(this, active: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
