using KioskRuntime.Control;
using KioskRuntime.EndToEnd.Tests.Harness;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// The control socket's second gate: even when the socket can be opened by anyone (its mode and the data directory's loosened, as a
/// misconfiguration would), a real kioskctl process running as another uid (nobody) is refused every state-changing command by its
/// SO_PEERCRED identity, while reading commands answer it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlPeerTests
{
    private const uint Nobody = 65534;

    [RootFact("runs kioskctl as nobody with setpriv")]
    public async Task Privileged_control_commands_are_refused_to_a_non_root_peer()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        env.StartKioskd(watchdogMs: 0, upstream: false);
        await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
        File.SetUnixFileMode(Path.GetDirectoryName(env.DataDir)!, (UnixFileMode)Convert.ToInt32("711", 8));
        File.SetUnixFileMode(env.DataDir, (UnixFileMode)Convert.ToInt32("711", 8));
        File.SetUnixFileMode(DataDirectory.SocketPath(env.DataDir), (UnixFileMode)Convert.ToInt32("666", 8));

        var status = await Kioskctl.RunAsUidAsync(Nobody, env.DataDir, "status");
        Assert.True(status.Exit == 0, "nobody could not even read the status: " + status.Err);

        foreach (var (command, args) in new (string, string[])[]
        {
            ("door.unlock", ["door", "unlock", "--reason", "test"]),
            ("stock.adjust", ["stock", "adjust", "7038010001659", "5", "--reason", "count", "--staff", "kari"]),
            ("journal.recover", ["journal", "recover", "--accept"]),
            ("scan", ["scan", "7038010001659"]),
        })
        {
            var refused = await Kioskctl.RunAsUidAsync(Nobody, env.DataDir, args);
            Assert.True(refused.Exit != 0, $"{command} was accepted from uid {Nobody}: {refused.Out}");
            Assert.Contains($"{command} is for root or the service user; this connection is uid {Nobody}", refused.Err, StringComparison.Ordinal);
        }

        var lockFile = Path.Combine(env.DataDir, "devices", "door-lock.txt");
        Assert.Equal("locked", (await File.ReadAllTextAsync(lockFile)).Trim());
        Assert.DoesNotContain("\"door-unlock\"", (await env.CtlAsync("journal", "export")).Out, StringComparison.Ordinal);

        // Malformed requests are answered with an error, never a silent hang-up: an endless line, broken JSON, wrong argument types.
        Assert.Contains("request longer than 16384 bytes", await RawAsync(env, new string('x', 40_000)), StringComparison.Ordinal);
        Assert.Contains("malformed request", await RawAsync(env, "{\"command\":\"status\"\n"), StringComparison.Ordinal);
        Assert.Contains("scan needs a code", await RawAsync(env, "{\"command\":\"scan\",\"args\":{\"code\":[\"x\"]}}\n"), StringComparison.Ordinal);

        // Root still may, and the journal says who (kioskctl's sudo claim, if any, is logged as a claim only).
        var byRoot = await env.CtlAsync("door", "unlock", "--reason", "test");
        Assert.True(byRoot.Exit == 0, byRoot.Err);
        Assert.Contains("kioskctl uid 0", (await env.CtlAsync("journal", "export")).Out, StringComparison.Ordinal);
    }

    /// <summary>Sends raw bytes on the control socket and returns the first answer line.</summary>
    private static async Task<string> RawAsync(KioskEnvironment env, string request)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(DataDirectory.SocketPath(env.DataDir)));
        await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(request));
        }
        catch (IOException)
        {
            // kioskd stopped reading at its cap and may have closed: its answer is still there to read
        }

        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await reader.ReadLineAsync(timeout.Token) ?? "(connection closed without an answer)";
    }
}
