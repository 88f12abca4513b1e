using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.Control;

/// <summary>Thrown when no kioskd answers on the data directory's control socket.</summary>
public sealed class KioskdNotRunningException(string socketPath, string reason)
    : Exception($"kioskd is not running on {socketPath} ({reason}).")
{
    public string SocketPath { get; } = socketPath;
}

/// <summary>Talks to a running kioskd over its control socket. One request per connection; not thread-safe.</summary>
public sealed class ControlClient
{
    private readonly string _socketPath;

    public ControlClient(string socketPath) => _socketPath = socketPath;

    /// <summary>True when a kioskd accepts connections on the socket.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken ct = default)
    {
        try
        {
            using var socket = await ConnectAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (KioskdNotRunningException)
        {
            return false;
        }
    }

    /// <summary>Sends a request and returns the final answer, ignoring stream items.</summary>
    public async Task<ControlResponse> SendAsync(string command, JsonObject? args = null, CancellationToken ct = default)
    {
        ControlResponse? last = null;
        await foreach (var line in StreamAsync(command, args, ct).ConfigureAwait(false))
        {
            last = line;
        }

        return last ?? ControlResponse.Failure("kioskd closed the connection without answering", ControlErrorKind.Internal);
    }

    /// <summary>Sends a request and yields every response line (items, then the final answer).</summary>
    public async IAsyncEnumerable<ControlResponse> StreamAsync(string command, JsonObject? args = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var socket = await ConnectAsync(ct).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var claim = new ControlRequest(command, args, Environment.GetEnvironmentVariable("SUDO_USER"), Environment.GetEnvironmentVariable("SUDO_UID"));
        var request = JsonSerializer.Serialize(claim, ControlProtocol.Json) + "\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            var response = JsonSerializer.Deserialize<ControlResponse>(line, ControlProtocol.Json)
                ?? throw new InvalidDataException("kioskd sent an empty response line.");
            yield return response;
            if (response.IsFinal)
            {
                yield break;
            }
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        if (!File.Exists(_socketPath))
        {
            throw new KioskdNotRunningException(_socketPath, "no control socket");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), ct).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new KioskdNotRunningException(_socketPath, e.SocketErrorCode.ToString());
        }
    }
}
