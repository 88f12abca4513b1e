using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using KioskRuntime.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>The peer of a control connection, from SO_PEERCRED.</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public bool IsRoot => Uid == 0;
}

/// <summary>
/// The local control endpoint: a unix stream socket in the data directory, mode 0600 (the data directory itself is 0700), one JSON request
/// per connection, answered by <see cref="ControlCommands"/>. Connections are served concurrently; the commands themselves serialise through
/// the sale pipeline where they must.
/// </summary>
internal sealed class ControlServer : BackgroundService
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private readonly string _socketPath;
    private readonly ControlCommands _commands;
    private readonly ILogger<ControlServer> _logger;
    private Socket? _listener;

    public ControlServer(string socketPath, ControlCommands commands, ILogger<ControlServer> logger)
    {
        _socketPath = socketPath;
        _commands = commands;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bind before the host reports READY, so kioskctl works as soon as systemd says the unit is active.
        if (File.Exists(_socketPath))
        {
            File.Delete(_socketPath); // a stale socket of a killed process; the journal lock guarantees no other kioskd uses this data dir
        }

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        File.SetUnixFileMode(_socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(16);
        _logger.LogInformation("Control socket listening on {Path}", _socketPath);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(_socketPath);
        }
        catch (IOException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                _logger.LogWarning("Control socket accept failed: {Error}", e.SocketErrorCode);
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            var peer = ReadPeer(client);
            try
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
                var line = await reader.ReadLineAsync(stoppingToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false);
                ControlRequest? request = null;
                try
                {
                    request = line is null ? null : JsonSerializer.Deserialize<ControlRequest>(line, ControlProtocol.Json);
                }
                catch (JsonException e)
                {
                    await WriteAsync(stream, ControlResponse.Failure($"malformed request: {e.Message}", ControlErrorKind.Usage), stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (request is null || string.IsNullOrWhiteSpace(request.Command))
                {
                    await WriteAsync(stream, ControlResponse.Failure("empty request", ControlErrorKind.Usage), stoppingToken).ConfigureAwait(false);
                    return;
                }

                await foreach (var response in _commands.HandleAsync(request, peer, stoppingToken).ConfigureAwait(false))
                {
                    await WriteAsync(stream, response, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException)
            {
                _logger.LogDebug("Control connection ended: {Error}", e.Message);
            }
        }
    }

    private static async Task WriteAsync(Stream stream, ControlResponse response, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(response, ControlProtocol.Json) + "\n");
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    internal static PeerCredentials ReadPeer(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[12];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer);
            if (length >= 12)
            {
                return new PeerCredentials(MemoryMarshal.Read<int>(buffer), MemoryMarshal.Read<uint>(buffer[4..]), MemoryMarshal.Read<uint>(buffer[8..]));
            }
        }
        catch (SocketException)
        {
        }

        return new PeerCredentials(-1, uint.MaxValue, uint.MaxValue);
    }
}
