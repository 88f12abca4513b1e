using KioskRuntime.Devices;

namespace KioskRuntime.Daemon;

/// <summary>Why the kiosk is or is not selling. One instance per process, shared by the pipeline, control server and watchdog.</summary>
internal sealed class KioskState(TimeProvider time)
{
    private readonly Lock _lock = new();
    private string _state = "starting";
    private string? _reason;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary><c>starting</c>, <c>ready</c>, <c>selling</c> (a customer is being served), <c>out-of-service</c> (fail closed), <c>stopping</c>.</summary>
    public (string State, string? Reason) Current
    {
        get
        {
            lock (_lock)
            {
                return (_state, _reason);
            }
        }
    }

    public event Action<string, string?>? Changed;

    public long SalesSinceStart => Interlocked.Read(ref _sales);

    private long _sales;

    public void CountSale() => Interlocked.Increment(ref _sales);

    public void Set(string state, string? reason = null)
    {
        lock (_lock)
        {
            if (_state == state && _reason == reason)
            {
                return;
            }

            _state = state;
            _reason = reason;
        }

        Changed?.Invoke(state, reason);
    }
}

/// <summary>The loops whose progress feeds the systemd watchdog: the sale pipeline, each device loop, the replay engine.</summary>
internal sealed class LoopRegistry
{
    private readonly List<(string Name, Func<TimeSpan> Silence)> _loops = [];
    private readonly Lock _lock = new();

    public void Register(string name, ProgressBeacon beacon) => Register(name, () => beacon.SinceLastBeat);

    /// <summary>A loop that reports its liveness its own way (the replay engine: Sync does not use the device contracts).</summary>
    public void Register(string name, Func<TimeSpan> silence)
    {
        lock (_lock)
        {
            _loops.Add((name, silence));
        }
    }

    public IReadOnlyList<(string Name, Func<TimeSpan> Silence)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _loops];
        }
    }
}
