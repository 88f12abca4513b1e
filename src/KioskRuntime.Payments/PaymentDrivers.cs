using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Payments;

/// <summary>Registers this project's payment terminal driver: <c>nexo</c> (Adyen-style local Terminal API).</summary>
public static class PaymentDrivers
{
    public static DriverRegistry AddPaymentDrivers(this DriverRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Add(DriverFactory.For<NexoDriverOptions>(
            DeviceKind.PaymentTerminal,
            NexoTerminal.DriverName,
            (d, o, c) =>
            {
                var options = o.ToTerminalOptions();
                return new NexoTerminal(
                    d.Name,
                    options with
                    {
                        RootCertificatePath = options.RootCertificatePath is null ? null : c.Resolve(options.RootCertificatePath),
                        Encryption = options.Encryption is null ? null : options.Encryption with { PassphraseFile = c.Resolve(options.Encryption.PassphraseFile) },
                    },
                    c.Time,
                    c.LoggerFactory.CreateLogger<NexoTerminal>());
            },
            pathProperty: "url"));
    }
}
