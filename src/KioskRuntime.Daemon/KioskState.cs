using KioskRuntime.Devices;

namespace KioskRuntime.Daemon;

/// <summary>Why the kiosk is or is not selling. One instance per process, shared by the pipeline, control server and watchdog.</summary>
public sealed class KioskState(TimeProvider time)
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
public sealed class LoopRegistry
{
    private readonly List<(string Name, ProgressBeacon Beacon)> _loops = [];
    private readonly Lock _lock = new();

    public void Register(string name, ProgressBeacon beacon)
    {
        lock (_lock)
        {
            _loops.Add((name, beacon));
        }
    }

    public IReadOnlyList<(string Name, ProgressBeacon Beacon)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _loops];
        }
    }
}
