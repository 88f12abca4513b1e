using System.Diagnostics;
using System.Text.Json.Nodes;
using KioskRuntime.Control;

namespace KioskRuntime.Cli.Flashing;

/// <summary>
/// Restarts kioskd and waits until it runs a given profile: through <c>systemctl restart</c> when the unit is installed (Type=notify: it
/// returns once READY=1 came, or fails), else in place over the control socket (control command <c>restart</c>). Readiness is then
/// confirmed over the control socket: kioskd answers <c>status</c>, started after the restart, with the expected profile hash.
/// </summary>
internal sealed class KioskdRestarter(string socketPath, string mode, string unit, TimeProvider time)
{
    public bool UsesSystemd => mode == "systemd" || (mode == "auto" && Directory.Exists("/run/systemd/system") && Run("systemctl", ["show", "-p", "LoadState", "--value", unit], TimeSpan.FromSeconds(10)).Output.Trim() == "loaded");

    public async Task<(bool Ok, string Detail)> RestartAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (UsesSystemd)
        {
            var (exit, output) = await Task.Run(() => Run("systemctl", ["restart", unit], timeout), ct).ConfigureAwait(false);
            return exit == 0 ? (true, $"systemctl restart {unit}") : (false, $"systemctl restart {unit} failed ({exit}): {output.Trim()}; see journalctl -u {unit}");
        }

        try
        {
            var response = await new ControlClient(socketPath).SendAsync("restart", null, ct).ConfigureAwait(false);
            return response.Ok == true ? (true, "restarted in place over the control socket") : (false, $"kioskd refused to restart: {response.Error}");
        }
        catch (Exception e) when (e is KioskdNotRunningException or IOException)
        {
            return (false, $"{e.Message}; start kioskd, then run this again");
        }
    }

    /// <summary>
    /// Polls <c>status</c> until kioskd, started at or after <paramref name="since"/>, runs <paramref name="profileHash"/> and is past start-up.
    /// A kioskd that is stopping may accept the connection and then drop it (EPIPE): that is "not yet", like no socket at all.
    /// </summary>
    public async Task<(bool Ok, string Detail)> WaitReadyAsync(string profileHash, DateTimeOffset since, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        var last = "kioskd did not answer";
        while (true)
        {
            try
            {
                var r = await new ControlClient(socketPath).SendAsync("status", null, ct).ConfigureAwait(false);
                if (r.Ok == true && r.Result is JsonObject s)
                {
                    var hash = s["profile"]?["hash"]?.ToString();
                    var state = s["state"]?.ToString();
                    var started = s["startedAt"]?.GetValue<DateTimeOffset>();
                    last = $"kioskd is {state}{(s["reason"] is { } why ? $" ({why})" : "")} with profile {hash?[..Math.Min(12, hash.Length)]}";
                    if (hash == profileHash && started >= since.AddSeconds(-1) && state is not ("starting" or "stopping"))
                    {
                        return (true, last);
                    }
                }
            }
            catch (Exception e) when (e is KioskdNotRunningException or IOException)
            {
                last = e.Message;
            }

            if (time.GetUtcNow() > deadline)
            {
                return (false, $"not READY with the new profile within {timeout.TotalSeconds:0} s: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct).ConfigureAwait(false);
        }
    }

    private static (int Exit, string Output) Run(string file, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout.TotalSeconds:0} s");
            }

            return (p.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }
}
