using System.Diagnostics;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>Runs the real kioskctl as a technician would, and returns what it printed and its exit code.</summary>
internal static class Kioskctl
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(string dataDir, params string[] args) => RunAsUidAsync(null, dataDir, args);

    /// <summary>Runs kioskctl as another uid and gid (<c>setpriv</c>, no supplementary groups): the caller must be root.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsUidAsync(uint? uid, string dataDir, params string[] args)
    {
        var info = new ProcessStartInfo(uid is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (uid is { } id)
        {
            foreach (var a in new[] { $"--reuid={id}", $"--regid={id}", "--clear-groups", "--", "dotnet" })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        }

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
