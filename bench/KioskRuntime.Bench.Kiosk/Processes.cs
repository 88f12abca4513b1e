using System.Diagnostics;
using System.Globalization;

namespace KioskRuntime.Bench.Kiosk;

/// <summary>Starting the real processes and reading what the kernel says about them.</summary>
internal static class Processes
{
    /// <summary>
    /// Writes a back-office credentials file in <paramref name="dir"/> giving the simulated kiosk (demo-kiosk-1) the token
    /// "t", and returns its path.
    /// </summary>
    public static string BackOfficeCredentials(string dir)
    {
        var path = Path.Combine(dir, "bo-credentials");
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("t"u8));
        File.WriteAllText(path, $"kiosk:demo-kiosk-1 {digest}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    public static Process Start(string dll, string[] args, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static async Task<bool> TryAsync(Func<Task<HttpResponseMessage>> call)
    {
        try
        {
            return (await call()).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static double RssMiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).First();

    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
