using System.Diagnostics;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>Runs the real kioskctl as a technician would, and returns what it printed and its exit code.</summary>
internal static class Kioskctl
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string dataDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.Kioskctl);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(dataDir);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
