using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// Builds every device of the profile through its driver and runs each device loop for the life of the service. A loop that ends or
/// throws (it should not: drivers absorb device faults) is logged and restarted after a pause, so one bad driver never stops the others.
/// </summary>
internal sealed class DeviceSupervisor : IHostedService, IAsyncDisposable
{
    private readonly ILogger<DeviceSupervisor> _logger;
    private readonly TimeProvider _time;
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();

    public DeviceSupervisor(HardwareProfile profile, DriverRegistry drivers, DeviceContext context, LoopRegistry loops, ILogger<DeviceSupervisor> logger)
    {
        _logger = logger;
        _time = context.Time;
        Devices = profile.Devices.Select(d => drivers.Create(d, context)).ToList();
        foreach (var device in Devices)
        {
            loops.Register($"device:{device.Name}", device.Progress);
        }
    }

    public IReadOnlyList<IDevice> Devices { get; }

    public IReceiptPrinter? Printer => Devices.OfType<IReceiptPrinter>().FirstOrDefault();

    public IPaymentTerminal? Terminal => Devices.OfType<IPaymentTerminal>().FirstOrDefault();

    public IEnumerable<ICustomerDisplay> Displays => Devices.OfType<ICustomerDisplay>();

    public IEnumerable<IStatusLight> Lights => Devices.OfType<IStatusLight>();

    public IEnumerable<IBarcodeScanner> Scanners => Devices.OfType<IBarcodeScanner>();

    public IEnumerable<IDoorLock> Locks => Devices.OfType<IDoorLock>();

    public IEnumerable<IBuzzer> Buzzers => Devices.OfType<IBuzzer>();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var device in Devices)
        {
            _loops.Add(Task.Run(() => SuperviseAsync(device, _stopping.Token), CancellationToken.None));
        }

        _logger.LogInformation("Started {Count} device loop(s): {Devices}", Devices.Count, string.Join(", ", Devices.Select(d => $"{d.Name} ({d.Kind}, {d.Driver})")));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        foreach (var device in Devices.OfType<IAsyncDisposable>())
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task SuperviseAsync(IDevice device, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await device.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The loop of device {Device} ({Driver}) failed; restarting it in 2 s", device.Name, device.Driver);
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
