using Microsoft.Extensions.Logging;

namespace KioskRuntime.Devices.Drivers;

/// <summary>What a driver gets when it is built: where relative paths live, time, logging, and where scanners deliver.</summary>
public sealed record DeviceContext(string DataDirectory, TimeProvider Time, ILoggerFactory LoggerFactory, IScanSink ScanSink)
{
    /// <summary>Resolves a profile path: absolute as is, relative against the data directory.</summary>
    public string Resolve(string path) => System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(DataDirectory, path));

    /// <summary>Test seam: simulated devices call it at their named steps (step, transaction id). Null in the shipped kioskd.</summary>
    public Action<string, string>? FaultSteps { get; init; }
}
