using System.Diagnostics;

namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>What the shared <see cref="FakeSysfs"/> needs here: FIFOs standing in for device nodes.</summary>
internal static class DeviceNodes
{
    public static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"mkfifo {path} failed: {p.StandardError.ReadToEnd()}");
    }
}
