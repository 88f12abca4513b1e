using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Payments;
using KioskRuntime.Payments.Nexo;
using KioskRuntime.Payments.Simulator;
using KioskRuntime.Peripherals.Display;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Nfc;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Hardware.Drivers;

/// <summary>Registers the payment terminal (nexo), GPIO, character display and NFC drivers.</summary>
public static class PeripheralDrivers
{
    public static DriverRegistry AddPeripheralDrivers(this DriverRegistry registry) => registry
        .Add(Factory(DeviceKind.PaymentTerminal, NexoTerminal.DriverName, NexoTerminalOptions.FromJson, (d, c, o) => new NexoTerminal(
            d.Name,
            o with
            {
                RootCertificatePath = o.RootCertificatePath is null ? null : c.Resolve(o.RootCertificatePath),
                Encryption = o.Encryption is null ? null : o.Encryption with { PassphraseFile = c.Resolve(o.Encryption.PassphraseFile) },
            },
            c.Time,
            c.LoggerFactory.CreateLogger<NexoTerminal>())))
        .Add(Factory(DeviceKind.PaymentTerminal, SimulatedNexoTerminal.DriverName, SimulatedNexoTerminalOptions.FromJson, (d, c, o) =>
            new SimulatedNexoTerminal(
                d.Name,
                o with
                {
                    StateFile = o.StateFile is null ? null : c.Resolve(o.StateFile),
                    StepReached = c.FaultSteps, // test seam; null in the shipped kioskd
                },
                c.Time,
                c.LoggerFactory.CreateLogger<SimulatedNexoTerminal>())))
        .Add(Factory(DeviceKind.Light, GpioStatusLight.DriverName, GpioStatusLightOptions.FromJson, (d, c, o) => new GpioStatusLight(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<GpioStatusLight>())))
        .Add(Factory(DeviceKind.DoorLock, GpioDoorLock.DriverName, GpioDoorLockOptions.FromJson, (d, c, o) => new GpioDoorLock(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<GpioDoorLock>())))
        .Add(Factory(DeviceKind.Buzzer, GpioBuzzer.DriverName, GpioBuzzerOptions.FromJson, (d, c, o) => new GpioBuzzer(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<GpioBuzzer>())))
        .Add(Factory(DeviceKind.Sensors, GpioInputs.DriverName, GpioInputsOptions.FromJson, (d, c, o) => new GpioInputs(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<GpioInputs>())))
        .Add(Factory(DeviceKind.Display, Hd44780Display.DriverName, Hd44780DisplayOptions.FromJson, (d, c, o) => new Hd44780Display(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<Hd44780Display>())))
        .Add(Factory(DeviceKind.Nfc, Pn532Reader.DriverName, Pn532ReaderOptions.FromJson, (d, c, o) =>
            new Pn532Reader(d.Name, o with { UidSaltFile = c.Resolve(o.UidSaltFile) }, c.Time, c.LoggerFactory.CreateLogger<Pn532Reader>())));

    private static DriverFactory Factory<TOptions>(
        DeviceKind kind,
        string driver,
        Func<JsonElement, string?, (TOptions? Options, IReadOnlyList<(string Path, string Message)> Problems)> fromJson,
        Func<DeviceConfig, DeviceContext, TOptions, IDevice> create)
        where TOptions : class =>
        new(
            kind,
            driver,
            d => fromJson(d.Options, d.Path).Problems,
            (d, c) => create(d, c, fromJson(d.Options, d.Path).Options ?? throw new InvalidOperationException($"{d.Kind} '{d.Name}': options were not validated")));
}
