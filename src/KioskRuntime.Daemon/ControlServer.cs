using System.Net.Sockets;
using System.Runtime.CompilerServices;
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
/// line per connection (at most <see cref="ControlRequestReader.MaxLineBytes"/>), checked against the peer's SO_PEERCRED identity by
/// <see cref="ControlAccess"/>, answered by <see cref="ControlCommands"/>; every malformed request gets an error answer. Connections are served concurrently; the commands themselves serialise through
/// the sale pipeline where they must.
/// </summary>
internal sealed class ControlServer : BackgroundService
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private readonly string _socketPath;
    private const int SoPeerGroups = 59;
    private readonly ControlCommands _commands;
    private readonly ControlAccess _access;
    private readonly ILogger<ControlServer> _logger;
    private Socket? _listener;

    public ControlServer(string socketPath, ControlCommands commands, ControlAccess access, ILogger<ControlServer> logger)
    {
        _socketPath = socketPath;
        _commands = commands;
        _access = access;
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
                var (line, tooLong) = await ReadLineAsync(stream, stoppingToken).WaitAsync(TimeSpan.FromSeconds(10), stoppingToken).ConfigureAwait(false);
                ControlRequest? request = null;
                string? error;
                if (line is null)
                {
                    error = tooLong ? $"request longer than {ControlRequestReader.MaxLineBytes} bytes" : "empty request";
                }
                else
                {
                    ControlRequestReader.TryParse(line, out request, out error);
                }

                if (request is null)
                {
                    _logger.LogWarning("Control request from uid {Uid} (pid {Pid}) refused: {Error}", peer.Uid, peer.Pid, error);
                    await WriteAsync(stream, ControlResponse.Failure(error ?? "malformed request", ControlErrorKind.Usage), stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (_access.WhyNot(request.Command, peer, ReadPeerGroups(client)) is { } refusal)
                {
                    _logger.LogWarning(
                        "Control command {Command} refused: {Reason} (pid {Pid}; claims sudo user {SudoUser} uid {SudoUid}, unverified)",
                        request.Command, refusal, peer.Pid, Claim(request.SudoUser), Claim(request.SudoUid));
                    await WriteAsync(stream, ControlResponse.Failure(refusal), stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (ControlAccess.Privileged.Contains(request.Command))
                {
                    _logger.LogInformation(
                        "Control command {Command} by uid {Uid} (pid {Pid}; claims sudo user {SudoUser} uid {SudoUid}, unverified)",
                        request.Command, peer.Uid, peer.Pid, Claim(request.SudoUser), Claim(request.SudoUid));
                }

                await foreach (var response in HandleAsync(request, peer, stoppingToken).ConfigureAwait(false))
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

    /// <summary>The command's answers; a command that throws (bad argument types, a bug) still answers, with an error, instead of a silent hang-up.</summary>
    private async IAsyncEnumerable<ControlResponse> HandleAsync(ControlRequest request, PeerCredentials peer, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var answers = _commands.HandleAsync(request, peer, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            ControlResponse? next;
            var failed = false;
            try
            {
                next = await answers.MoveNextAsync().ConfigureAwait(false) ? answers.Current : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Control command {Command} failed: {Error}", request.Command, e.Message);
                next = ControlResponse.Failure($"{request.Command} failed: {e.Message}", ControlErrorKind.Usage);
                failed = true;
            }

            if (next is null)
            {
                yield break;
            }

            yield return next;
            if (failed)
            {
                yield break;
            }
        }
    }

    /// <summary>One request line, at most <see cref="ControlRequestReader.MaxLineBytes"/> bytes; null (and tooLong) past that.</summary>
    private static async Task<(byte[]? Line, bool TooLong)> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[ControlRequestReader.MaxLineBytes + 1];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return (filled == 0 ? null : buffer[..filled], false);
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', filled, n);
            filled += n;
            if (newline >= 0)
            {
                return (buffer[..newline], false);
            }
        }

        return (null, true);
    }

    private static string Claim(string? text) => text is null ? "-" : text.Length <= 32 ? text : text[..32];

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

    /// <summary>The peer's supplementary groups (SO_PEERGROUPS, Linux 4.13+); empty when the kernel cannot say.</summary>
    private static uint[] ReadPeerGroups(Socket socket)
    {
        var buffer = new byte[4 * 256];
        try
        {
            var length = socket.GetRawSocketOption(SolSocket, SoPeerGroups, buffer);
            return MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, length - (length % 4))).ToArray();
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
