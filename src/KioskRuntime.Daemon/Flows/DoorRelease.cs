using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>After a sale is durable the customer may take the goods: every door lock opens (if the profile says so). No state.</summary>
internal sealed class DoorRelease(AccessPolicy policy, IReadOnlyList<IDevice> devices, ILogger<DoorRelease> logger)
{
    public void AfterSale(long receiptNo, long seq)
    {
        if (!policy.UnlockAfterSale)
        {
            return;
        }

        foreach (var doorLock in devices.OfType<IDoorLock>())
        {
            if (!doorLock.TryUnlock($"sale {receiptNo} (seq {seq})"))
            {
                logger.LogError("Door lock {Lock} did not open after sale {ReceiptNo}", doorLock.Name, receiptNo);
            }
        }
    }
}
