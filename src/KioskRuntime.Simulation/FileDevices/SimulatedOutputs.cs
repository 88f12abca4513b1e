using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>A customer display whose screen is a text file (two lines, fitted to the width), rewritten atomically on each change.</summary>
internal sealed class SimulatedDisplay(string name, string file, int columns, TimeProvider time, ILogger<SimulatedDisplay> logger)
    : SimulatedDevice(name, DeviceKind.Display, time, logger), ICustomerDisplay
{
    public (string Line1, string Line2) Current { get; private set; } = ("", "");

    public override Task RunAsync(CancellationToken stoppingToken)
    {
        SetStatus(DeviceState.Ready, file);
        return IdleAsync(stoppingToken);
    }

    public async ValueTask ShowAsync(string line1, string line2, CancellationToken cancellationToken)
    {
        Current = (Fit(line1), Fit(line2));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var tmp = file + ".tmp";
        await File.WriteAllTextAsync(tmp, $"{Current.Line1}\n{Current.Line2}\n", cancellationToken).ConfigureAwait(false);
        File.Move(tmp, file, overwrite: true);
    }

    private string Fit(string text) => text.Length <= columns ? text : text[..columns];
}

/// <summary>A status light whose state is a text file holding the pattern name.</summary>
internal sealed class SimulatedLight(string name, string file, TimeProvider time, ILogger<SimulatedLight> logger)
    : SimulatedDevice(name, DeviceKind.Light, time, logger), IStatusLight
{
    public LightPattern Pattern { get; private set; } = LightPattern.Off;

    public override Task RunAsync(CancellationToken stoppingToken)
    {
        SetStatus(DeviceState.Ready, file);
        return IdleAsync(stoppingToken);
    }

    public async ValueTask ShowAsync(LightPattern pattern, CancellationToken cancellationToken)
    {
        if (pattern == Pattern)
        {
            return;
        }

        Pattern = pattern;
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var tmp = file + ".tmp";
        await File.WriteAllTextAsync(tmp, pattern.ToString().ToLowerInvariant() + "\n", cancellationToken).ConfigureAwait(false);
        File.Move(tmp, file, overwrite: true);
    }
}
