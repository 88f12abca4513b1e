using System.ComponentModel.DataAnnotations;
using System.Device.Gpio;
using System.Device.I2c;
using System.Drawing;
using Iot.Device.CharacterLcd;
using Iot.Device.Pcx857x;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Display;

/// <summary>Options of the <c>hd44780</c> driver: a character LCD behind a PCF8574 I2C backpack.</summary>
internal sealed record Hd44780DisplayOptions : IDriverOptions
{
    [Range(0, 255)]
    public int I2cBus { get; init; } = 1;

    /// <summary>The backpack's address: 0x27 (PCF8574) or 0x3F (PCF8574A) as shipped.</summary>
    [Range(0x03, 0x77)]
    public int Address { get; init; } = 0x27;

    [Range(8, 40)]
    public int Columns { get; init; } = 20;

    [Range(1, 4)]
    public int Rows { get; init; } = 2;

    public LcdRom Rom { get; init; } = LcdRom.A00;

    /// <summary>The binder checks the ranges; nothing else to check.</summary>
    public IEnumerable<(string Path, string Message)> Validate() => [];
}

/// <summary>
/// The customer display: an HD44780 character LCD over an I2C PCF8574 backpack (P0 RS, P1 RW, P2 E, P3 backlight, P4–P7 D4–D7, the
/// common wiring), driven through Iot.Device.Bindings' <see cref="Hd44780"/>. Shows two lines fitted by <see cref="LcdText"/>, writes
/// only what changed, and after an I2C error reopens, reloads the glyphs and redraws. Thread-safe.
/// </summary>
internal sealed class Hd44780Display : ICustomerDisplay, IDisposable
{
    public const string DriverName = "hd44780";

    private readonly Hd44780DisplayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Hd44780Display> _logger;
    private readonly Func<I2cDevice> _openBus;
    private readonly Lock _gate = new();
    private Hd44780? _lcd;
    private byte[][] _wanted;
    private byte[][]? _shown;
    private DeviceStatus _status;

    public Hd44780Display(string name, Hd44780DisplayOptions options, TimeProvider time, ILogger<Hd44780Display> logger)
        : this(name, options, time, logger, () => I2cDevice.Create(new I2cConnectionSettings(options.I2cBus, options.Address)))
    {
    }

    internal Hd44780Display(string name, Hd44780DisplayOptions options, TimeProvider time, ILogger<Hd44780Display> logger, Func<I2cDevice> openBus)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _openBus = openBus;
        _status = DeviceStatus.Initial(time);
        _wanted = [.. Enumerable.Range(0, Math.Min(2, options.Rows)).Select(_ => LcdText.Fit("", options.Columns, options.Rom))];
        Progress = new ProgressBeacon(time);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Display;

    public string Driver => DriverName;

    public DeviceStatus Status => Volatile.Read(ref _status);

    public ProgressBeacon Progress { get; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Progress.Beat();
                lock (_gate)
                {
                    if (_lcd is null)
                    {
                        Open();
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                Close();
            }

            SetStatus(DeviceState.Stopped, null);
        }
    }

    public ValueTask ShowAsync(string line1, string line2, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line1);
        ArgumentNullException.ThrowIfNull(line2);
        lock (_gate)
        {
            _wanted = [.. new[] { line1, line2 }.Take(Math.Min(2, _options.Rows)).Select(l => LcdText.Fit(l, _options.Columns, _options.Rom))];
            if (_lcd is not null)
            {
                Guard(Render);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The two lines as they are meant to be on the glass (for <c>kioskctl devices</c> and tests).</summary>
    public IReadOnlyList<byte[]> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _wanted.Select(l => l.ToArray())];
            }
        }
    }

    private void Open()
    {
        I2cDevice? bus = null;
        try
        {
            bus = _openBus();
            _lcd = Create(bus, new Size(_options.Columns, _options.Rows));
            bus = null;
            if (_options.Rom == LcdRom.A00)
            {
                for (int i = 0; i < LcdText.NorwegianGlyphs.Count; i++)
                {
                    _lcd.CreateCustomCharacter(i, LcdText.NorwegianGlyphs[i]);
                }
            }

            _lcd.Clear();
            _shown = null;
            Render();
            SetStatus(DeviceState.Ready, $"i2c-{_options.I2cBus} 0x{_options.Address:x2}");
        }
        catch (Exception ex) when (IsBusFault(ex))
        {
            bus?.Dispose();
            Close();
            SetStatus(DeviceState.Disconnected, $"i2c-{_options.I2cBus} 0x{_options.Address:x2}: {ex.Message}");
        }
    }

    /// <summary>PCF8574 as a GPIO expander, the LCD's parallel interface on its pins.</summary>
    internal static Hd44780 Create(I2cDevice bus, Size size)
    {
        var expander = new Pcf8574(bus, -1, null, false);
        var controller = new GpioController(expander);
        var lcdInterface = LcdInterface.CreateGpio(
            registerSelectPin: 0, enablePin: 2, dataPins: [4, 5, 6, 7], backlightPin: 3, backlightBrightness: 1f, readWritePin: 1, controller: controller,
            shouldDispose: true);
        return new Hd44780(size, lcdInterface);
    }

    private void Render()
    {
        for (int row = 0; row < _wanted.Length; row++)
        {
            if (_shown is not null && _shown[row].AsSpan().SequenceEqual(_wanted[row]))
            {
                continue;
            }

            _lcd!.SetCursorPosition(0, row);
            _lcd.Write(Array.ConvertAll(_wanted[row], b => (char)b));
        }

        _shown = [.. _wanted.Select(l => l.ToArray())];
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (IsBusFault(ex))
        {
            PeripheralsLog.Fault(_logger, Name, ex.Message);
            Close();
            SetStatus(DeviceState.Disconnected, ex.Message);
        }
    }

    private void Close()
    {
        try
        {
            _lcd?.Dispose();
        }
        catch (Exception ex) when (IsBusFault(ex))
        {
            PeripheralsLog.Fault(_logger, Name, $"while closing: {ex.Message}");
        }

        _lcd = null;
        _shown = null;
    }

    private static bool IsBusFault(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or ArgumentException or TimeoutException;

    private void SetStatus(DeviceState state, string? detail)
    {
        var old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, _time.GetUtcNow()));
        PeripheralsLog.StateChanged(_logger, DeviceKind.Display, Name, Driver, state, detail);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }
}
