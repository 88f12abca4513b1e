using System.Diagnostics;
using KioskRuntime.Devices;
using KioskRuntime.Scanners.Interop;

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

    /// <summary>
    /// Writes chunks to the FIFO through an O_RDWR|O_NONBLOCK descriptor: unlike a plain open for writing, this never blocks when
    /// no reader holds the FIFO (the test then fails on its wait for the sink, with a message, instead of hanging).
    /// </summary>
    public static void Write(string path, IEnumerable<byte[]> chunks)
    {
        using DeviceFile fifo = DeviceFile.Open(path);
        foreach (byte[] chunk in chunks)
        {
            Assert.True(fifo.Write(chunk), $"the FIFO {path} is full: nobody reads it");
        }
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kiosk-scanners-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
