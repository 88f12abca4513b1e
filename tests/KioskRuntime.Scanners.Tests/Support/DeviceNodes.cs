using System.Diagnostics;
using KioskRuntime.Devices;

namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>FIFOs standing in for device nodes, and waiting on a driver's status.</summary>
internal static class DeviceNodes
{
    public static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"mkfifo {path} failed: {p.StandardError.ReadToEnd()}");
    }

    /// <summary>Waits (up to 10 s) until the device reports <paramref name="state"/>.</summary>
    public static void WaitFor(IDevice device, DeviceState state)
    {
        var sw = Stopwatch.StartNew();
        while (device.Status.State != state)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"{device.Name} stayed {device.Status.State} ({device.Status.Detail}), expected {state}");
            Thread.Sleep(10);
        }
    }

    /// <summary>Opens the FIFO's write side (the driver already holds the read side) and writes chunks as given.</summary>
    public static void Write(string path, IEnumerable<byte[]> chunks)
    {
        using var fifo = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        foreach (byte[] chunk in chunks)
        {
            fifo.Write(chunk);
            fifo.Flush();
        }
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kiosk-scanners-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
