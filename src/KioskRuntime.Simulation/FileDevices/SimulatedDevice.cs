using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>Status bookkeeping shared by the simulated drivers.</summary>
internal abstract class SimulatedDevice : IDevice
{
    private DeviceStatus _status;

    protected SimulatedDevice(string name, DeviceKind kind, TimeProvider time, ILogger logger)
    {
        Name = name;
        Kind = kind;
        Time = time;
        Logger = logger;
        Progress = new ProgressBeacon(time);
        _status = DeviceStatus.Initial(time);
    }

    public string Name { get; }

    public DeviceKind Kind { get; }

    public string Driver => "simulated";

    public DeviceStatus Status => Volatile.Read(ref _status);

    public ProgressBeacon Progress { get; }

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    public abstract Task RunAsync(CancellationToken stoppingToken);

    protected void SetStatus(DeviceState state, string? detail = null)
    {
        var old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, Time.GetUtcNow()));
        Logger.LogInformation("Device {Device} ({Kind}, simulated): {State}{Detail}", Name, Kind, state, detail is null ? "" : $" ({detail})");
    }

    /// <summary>Waits for <paramref name="task"/>, beating every half second, so a device waiting on its host never looks stuck.</summary>
    protected async Task<T> BeatUntilAsync<T>(Task<T> task, CancellationToken ct)
    {
        while (!task.IsCompleted)
        {
            Progress.Beat();
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(500), Time, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>An idle loop for devices that only react to calls: beats until stopped.</summary>
    protected async Task IdleAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), Time);
        try
        {
            do
            {
                Progress.Beat();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        SetStatus(DeviceState.Stopped);
    }
}
