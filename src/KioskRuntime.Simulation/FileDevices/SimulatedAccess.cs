using System.Globalization;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>
/// A door lock whose state is a text file: <c>locked</c>, or <c>unlocked until &lt;UTC time&gt;: &lt;authorisation&gt;</c>, rewritten
/// atomically on each change. Like the GPIO lock it fails locked: a stop locks it, and it relocks on a timer.
/// </summary>
internal sealed class SimulatedDoorLock : SimulatedDevice, IDoorLock, IDisposable
{
    private readonly string _file;
    private readonly TimeSpan _defaultHold;
    private readonly TimeSpan _maxHold;
    private readonly Lock _gate = new();
    private ITimer? _relock;
    private DateTimeOffset? _unlockedUntil;

    public SimulatedDoorLock(string name, string file, TimeSpan defaultHold, TimeSpan maxHold, TimeProvider time, ILogger<SimulatedDoorLock> logger)
        : base(name, DeviceKind.DoorLock, time, logger)
    {
        _file = file;
        _defaultHold = defaultHold;
        _maxHold = maxHold;
    }

    public bool IsUnlocked
    {
        get
        {
            lock (_gate)
            {
                return _unlockedUntil is not null;
            }
        }
    }

    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        Lock("starting");
        SetStatus(DeviceState.Ready, "locked");
        using var onStop = stoppingToken.Register(() => Lock("stopping"));
        await IdleAsync(stoppingToken).ConfigureAwait(false);
    }

    public bool TryUnlock(string authorisation, TimeSpan? holdOpen = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorisation);
        var hold = holdOpen ?? _defaultHold;
        if (hold <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(holdOpen), hold, "must be positive");
        }

        hold = hold > _maxHold ? _maxHold : hold;
        lock (_gate)
        {
            var until = Time.GetUtcNow() + hold;
            if (!TryWrite($"unlocked until {until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}: {authorisation}"))
            {
                LockUnderGate("the lock could not be driven");
                return false;
            }

            _unlockedUntil = until;
            _relock?.Dispose();
            _relock = Time.CreateTimer(_ => Lock("timer"), null, hold, Timeout.InfiniteTimeSpan);
            SetStatus(DeviceState.Busy, $"unlocked for {hold.TotalSeconds:0.#} s");
            Logger.LogInformation("Door lock {Device} unlocked for {Seconds} s: {Authorisation}", Name, hold.TotalSeconds, authorisation);
            return true;
        }
    }

    public void Lock(string why)
    {
        lock (_gate)
        {
            LockUnderGate(why);
        }
    }

    public void Dispose()
    {
        Lock("disposed");
        lock (_gate)
        {
            _relock?.Dispose();
            _relock = null;
        }
    }

    private void LockUnderGate(string why)
    {
        _relock?.Dispose();
        _relock = null;
        var was = _unlockedUntil is not null;
        _unlockedUntil = null;
        TryWrite("locked");
        if (was)
        {
            Logger.LogInformation("Door lock {Device} locked ({Why})", Name, why);
        }

        if (Status.State is not (DeviceState.Stopped or DeviceState.Starting))
        {
            SetStatus(DeviceState.Ready, "locked");
        }
    }

    private bool TryWrite(string state)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            var tmp = _file + ".tmp";
            File.WriteAllText(tmp, state + "\n");
            File.Move(tmp, _file, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Logger.LogError("Door lock {Device}: cannot write {File}: {Reason}", Name, _file, e.Message);
            return false;
        }
    }
}

/// <summary>A buzzer that appends each signal it gives to a text file, one line each (<c>attention</c>, <c>alarm</c> …).</summary>
internal sealed class SimulatedBuzzer(string name, string file, TimeProvider time, ILogger<SimulatedBuzzer> logger)
    : SimulatedDevice(name, DeviceKind.Buzzer, time, logger), IBuzzer
{
    private readonly Lock _gate = new();

    public override Task RunAsync(CancellationToken stoppingToken)
    {
        SetStatus(DeviceState.Ready, file);
        return IdleAsync(stoppingToken);
    }

    public bool Sound(BuzzerSignal signal)
    {
        try
        {
            lock (_gate)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.AppendAllText(file, signal.ToString().ToLowerInvariant() + "\n");
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Logger.LogWarning("Buzzer {Device}: cannot write {File}: {Reason}", Name, file, e.Message);
            return false;
        }
    }
}

/// <summary>One input of the simulated sensors.</summary>
internal sealed record SimulatedSensorInput(string Name, SensorKind Kind);

/// <summary>
/// Tamper, door and presence inputs fed one change per line from a FIFO or file: <c>NAME STATE</c> or <c>NAME=STATE</c>, where STATE is
/// <c>1</c>/<c>0</c>, <c>active</c>/<c>inactive</c>, <c>open</c>/<c>closed</c> or <c>on</c>/<c>off</c>. Every input starts inactive
/// (reported once as initial); a line that repeats the current state is not a change. Lines that name no input or no state are logged
/// and skipped.
/// </summary>
internal sealed class SimulatedSensors : SimulatedLineDevice, ISensors
{
    private readonly Dictionary<string, (SensorKind Kind, bool Active)> _inputs;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<ISensorSink> _sink = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _initialReported;

    public SimulatedSensors(string name, string path, IReadOnlyList<SimulatedSensorInput> inputs, TimeProvider time, ILogger<SimulatedSensors> logger)
        : base(name, DeviceKind.Sensors, path, time, logger)
    {
        _inputs = inputs.ToDictionary(i => i.Name, i => (i.Kind, false), StringComparer.Ordinal);
    }

    public void AttachSink(ISensorSink sink) => _sink.TrySetResult(sink ?? throw new ArgumentNullException(nameof(sink)));

    public bool? IsActive(string input)
    {
        lock (_gate)
        {
            return _inputs.TryGetValue(input, out var state) ? state.Active : null;
        }
    }

    protected override string ReadyDetail
    {
        get
        {
            lock (_gate)
            {
                return string.Join(" ", _inputs.Select(i => $"{i.Key}={(i.Value.Active ? "active" : "inactive")}"));
            }
        }
    }

    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_initialReported)
        {
            _initialReported = true;
            var sink = await SinkAsync(stoppingToken).ConfigureAwait(false);
            foreach (var (input, state) in _inputs)
            {
                await sink.OnSensorChangedAsync(new SensorChange(Name, input, state.Kind, state.Active, true, Time.GetUtcNow()), stoppingToken).ConfigureAwait(false);
            }
        }

        await base.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>The sink, once attached; beats while it waits, so a host that attaches late never looks stuck to the watchdog.</summary>
    private Task<ISensorSink> SinkAsync(CancellationToken ct) => BeatUntilAsync(_sink.Task, ct);

    protected override async ValueTask OnLineAsync(string line, CancellationToken cancellationToken)
    {
        var parts = line.Split([' ', '=', '\t'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool? active = parts.Length < 2 ? null : parts[1].ToLowerInvariant() switch
        {
            "1" or "active" or "open" or "on" => true,
            "0" or "inactive" or "closed" or "off" => false,
            _ => null,
        };
        SensorKind kind;
        lock (_gate)
        {
            if (parts.Length == 0 || !_inputs.TryGetValue(parts[0], out var state))
            {
                Logger.LogWarning("Sensors {Device}: '{Line}' names no input; known: {Inputs}", Name, line, string.Join(", ", _inputs.Keys));
                return;
            }

            if (active is not { } now)
            {
                Logger.LogWarning("Sensors {Device}: '{Line}' has no state (expected 1/0, active/inactive, open/closed, on/off)", Name, line);
                return;
            }

            if (state.Active == now)
            {
                return;
            }

            kind = state.Kind;
            _inputs[parts[0]] = (kind, now);
        }

        SetStatus(DeviceState.Ready, ReadyDetail);

        var sink = await SinkAsync(cancellationToken).ConfigureAwait(false);
        await sink.OnSensorChangedAsync(new SensorChange(Name, parts[0], kind, active.Value, false, Time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// An NFC reader fed one card per line from a FIFO or file: the card's UID in hex (4, 7 or 10 bytes, e.g. <c>04A224B1C3D2E5</c>). The UID is
/// hashed with the kiosk's salt at once, as the PN532 driver does, and only the hash travels on.
/// </summary>
internal sealed class SimulatedCardReader : SimulatedLineDevice, ICardReader
{
    private readonly CardUidHasher _hasher;
    private readonly TaskCompletionSource<ICardSink> _sink = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedCardReader(string name, string path, CardUidHasher hasher, TimeProvider time, ILogger<SimulatedCardReader> logger)
        : base(name, DeviceKind.Nfc, path, time, logger)
    {
        _hasher = hasher;
    }

    public void AttachSink(ICardSink sink) => _sink.TrySetResult(sink ?? throw new ArgumentNullException(nameof(sink)));

    protected override async ValueTask OnLineAsync(string line, CancellationToken cancellationToken)
    {
        var hex = line.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        byte[] uid;
        try
        {
            uid = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            Logger.LogWarning("Card reader {Device}: '{Line}' is not a card UID in hex", Name, line);
            return;
        }

        if (uid.Length is not (4 or 7 or 10))
        {
            Logger.LogWarning("Card reader {Device}: a UID has 4, 7 or 10 bytes, not {Length}", Name, uid.Length);
            return;
        }

        var card = new CardPresented(Name, _hasher.Hash(uid), uid.Length, Time.GetUtcNow());
        var sink = await BeatUntilAsync(_sink.Task, cancellationToken).ConfigureAwait(false); // a card read before the pipeline attached waits
        await sink.OnCardAsync(card, cancellationToken).ConfigureAwait(false);
    }
}
