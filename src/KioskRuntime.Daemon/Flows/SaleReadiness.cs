using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// Fail closed: why the kiosk cannot take money right now (journal, terminal, tamper alarm, receipt printer), or null when it can.
/// Read from any thread (status, STATUS=, the light); it reads only thread-safe facts.
/// </summary>
internal sealed class SaleReadiness(KioskJournal journal, HardwareProfile profile, IReadOnlyList<IDevice> devices, TamperAlarm alarm)
{
    public string? WhyNotSelling()
    {
        var health = journal.Health;
        if (!health.CanWrite)
        {
            return $"journal cannot write: {health.Reason}";
        }

        if (!devices.OfType<IPaymentTerminal>().Any())
        {
            return "no payment terminal in the profile";
        }

        if (profile.Access.TamperStopsSelling && alarm.Reason is { } why)
        {
            return why;
        }

        if (profile.RequireReceiptPrinter)
        {
            var printer = devices.OfType<IReceiptPrinter>().FirstOrDefault();
            if (printer is null)
            {
                return "no receipt printer in the profile (a sale needs a printed receipt)";
            }

            if (printer.Condition is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd))
            {
                return $"receipt printer is not ready ({printer.Condition}): a sale needs a printed receipt";
            }
        }

        return null;
    }
}
