using System.Device.I2c;
using Iot.Device.Pn532;
using Iot.Device.Pn532.ListPassive;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Nfc;

internal enum Pn532Transport
{
    /// <summary>HSU (UART) at 115200 baud, e.g. <c>/dev/serial0</c> or a USB-serial adapter.</summary>
    Uart,

    /// <summary>I2C at address 0x24.</summary>
    I2c,
}

/// <summary>Options of the <c>pn532</c> driver.</summary>
internal sealed record Pn532ReaderOptions
{
    public Pn532Transport Transport { get; init; } = Pn532Transport.Uart;

    /// <summary>The serial device for UART (the profile's <c>path</c>).</summary>
    public string SerialPort { get; init; } = "/dev/serial0";

    public int I2cBus { get; init; } = 1;

    /// <summary>File with this kiosk's UID salt (at least 16 bytes; keep it out of the profile, e.g. a systemd credential).</summary>
    public required string UidSaltFile { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a card must be away before the same card counts as presented again.</summary>
    public TimeSpan RemovalTime { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>Asks a reader for the UID of the card in its field, if any.</summary>
internal interface ICardPoller : IDisposable
{
    /// <summary>The UID of one ISO 14443A card in the field, or null.</summary>
    byte[]? Poll();
}

/// <summary>The PN532 through Iot.Device.Bindings: InListPassiveTarget for one 106 kbps type A target, then release it.</summary>
internal sealed class Pn532Poller(Pn532 pn532) : ICardPoller
{
    public byte[]? Poll()
    {
        byte[]? raw = pn532.ListPassiveTarget(MaxTarget.One, TargetBaudRate.B106kbpsTypeA);
        if (raw is not { Length: > 1 })
        {
            return null;
        }

        // The first byte is the number of targets found; the target's data follows.
        var card = pn532.TryDecode106kbpsTypeA(raw.AsSpan(1));
        if (card is null)
        {
            return null;
        }

        pn532.ReleaseTarget(card.TargetNumber);
        return card.NfcId;
    }

    public void Dispose() => pn532.Dispose();
}

/// <summary>
/// A PN532 NFC reader for staff and technician cards: polls for ISO 14443A cards, hashes each UID with the kiosk's salt and reports a
/// card once per presentation (again only after it was away for <see cref="Pn532ReaderOptions.RemovalTime"/>). Reconnects by itself.
/// A UID proves nothing about who holds the card: it can be cloned (see docs/peripherals.md). Thread-safe.
/// </summary>
internal sealed class Pn532Reader : ICardReader
{
    public const string DriverName = "pn532";

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly Pn532ReaderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Pn532Reader> _logger;
    private readonly Func<ICardPoller> _open;
    private readonly Func<CardUidHasher> _hasher;
    private ICardSink? _sink;
    private DeviceStatus _status;

    public Pn532Reader(string name, Pn532ReaderOptions options, TimeProvider time, ILogger<Pn532Reader> logger)
        : this(name, options, time, logger, () => OpenPn532(options), () => CardUidHasher.FromFile(options.UidSaltFile))
    {
    }

    internal Pn532Reader(
        string name, Pn532ReaderOptions options, TimeProvider time, ILogger<Pn532Reader> logger, Func<ICardPoller> open, Func<CardUidHasher> hasher)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _open = open;
        _hasher = hasher;
        _status = DeviceStatus.Initial(time);
        Progress = new ProgressBeacon(time);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Nfc;

    public string Driver => DriverName;

    public DeviceStatus Status => Volatile.Read(ref _status);

    public ProgressBeacon Progress { get; }

    /// <summary>Sets where cards go. Cards read while no sink is attached are dropped.</summary>
    public void AttachSink(ICardSink sink) => Volatile.Write(ref _sink, sink ?? throw new ArgumentNullException(nameof(sink)));

    private static ICardPoller OpenPn532(Pn532ReaderOptions o) => o.Transport switch
    {
        Pn532Transport.I2c => new Pn532Poller(new Pn532(I2cDevice.Create(new I2cConnectionSettings(o.I2cBus, Pn532.I2cDefaultAddress)))),
        _ => new Pn532Poller(new Pn532(o.SerialPort)),
    };

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        ICardPoller? poller = null;
        CardUidHasher? hasher = null;
        byte[]? current = null;
        long lastSeen = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Progress.Beat();
                if (poller is null)
                {
                    try
                    {
                        hasher ??= _hasher();
                        poller = _open();
                        SetStatus(DeviceState.Ready, _options.Transport == Pn532Transport.Uart ? _options.SerialPort : $"i2c-{_options.I2cBus}");
                    }
                    catch (Exception ex) when (IsFault(ex))
                    {
                        SetStatus(hasher is null || ex is UnauthorizedAccessException ? DeviceState.Failed : DeviceState.Disconnected, ex.Message);
                        await Task.Delay(Retry, _time, stoppingToken).ConfigureAwait(false);
                        continue;
                    }
                }

                byte[]? uid;
                try
                {
                    uid = poller.Poll();
                }
                catch (Exception ex) when (IsFault(ex))
                {
                    PeripheralsLog.Fault(_logger, Name, ex.Message);
                    poller.Dispose();
                    poller = null;
                    SetStatus(DeviceState.Disconnected, ex.Message);
                    continue;
                }

                if (uid is { Length: >= 4 and <= 10 })
                {
                    if (current is null || !uid.AsSpan().SequenceEqual(current))
                    {
                        current = uid;
                        await ReportAsync(hasher!, uid, stoppingToken).ConfigureAwait(false);
                    }

                    lastSeen = _time.GetTimestamp();
                }
                else if (current is not null && _time.GetElapsedTime(lastSeen) >= _options.RemovalTime)
                {
                    current = null;
                }

                await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            poller?.Dispose();
            SetStatus(DeviceState.Stopped, null);
        }
    }

    private async Task ReportAsync(CardUidHasher hasher, byte[] uid, CancellationToken ct)
    {
        var card = new CardPresented(Name, hasher.Hash(uid), uid.Length, _time.GetUtcNow());
        PeripheralsLog.CardRead(_logger, Name, card.UidHash.Prefix);
        if (Volatile.Read(ref _sink) is not { } sink)
        {
            return;
        }

        try
        {
            await sink.OnCardAsync(card, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PeripheralsLog.SinkFailed(_logger, Name, ex);
        }
    }

    // Iot.Device.Bindings' Pn532 throws a bare Exception when the chip does not answer as expected (e.g. its version check);
    // only that exact type is taken as a device fault besides the usual I/O ones.
    private static bool IsFault(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or ArgumentException or TimeoutException
        || ex.GetType() == typeof(Exception);

    private void SetStatus(DeviceState state, string? detail)
    {
        var old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, _time.GetUtcNow()));
        PeripheralsLog.StateChanged(_logger, DeviceKind.Nfc, Name, Driver, state, detail);
    }
}
