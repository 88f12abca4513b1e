using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Nfc;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>The <c>pn532</c> driver's options; the device's <c>path</c> is the serial port for UART. Immutable.</summary>
internal sealed record Pn532DriverOptions : IDriverOptions
{
    public Pn532Transport Transport { get; init; } = Pn532Transport.Uart;

    /// <summary>The serial device for UART: the device's <c>path</c>.</summary>
    [DevicePath]
    public string? SerialPort { get; init; }

    [Range(0, 255)]
    public int I2cBus { get; init; } = 1;

    /// <summary>File with this kiosk's UID salt (at least 16 bytes; keep it out of the profile, e.g. a systemd credential).</summary>
    public required string UidSaltFile { get; init; }

    [Range(50, 5000)]
    public int PollIntervalMs { get; init; } = 250;

    [Range(100, 60_000)]
    public int RemovalMs { get; init; } = 1000;

    public Pn532ReaderOptions ToReaderOptions() => new()
    {
        Transport = Transport,
        SerialPort = SerialPort ?? "/dev/serial0",
        I2cBus = I2cBus,
        UidSaltFile = UidSaltFile,
        PollInterval = TimeSpan.FromMilliseconds(PollIntervalMs),
        RemovalTime = TimeSpan.FromMilliseconds(RemovalMs),
    };

    public IEnumerable<(string Path, string Message)> Validate()
    {
        if (string.IsNullOrWhiteSpace(UidSaltFile))
        {
            yield return ("options.uidSaltFile", "expected a non-empty string");
        }

        if (Transport == Pn532Transport.Uart && SerialPort is not null && !SerialPort.StartsWith('/'))
        {
            yield return ("path", $"'{SerialPort}' is not an absolute serial device path");
        }
    }
}
