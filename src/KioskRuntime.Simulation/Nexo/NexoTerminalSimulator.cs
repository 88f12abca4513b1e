using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using KioskRuntime.Payments.Nexo;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// A nexo terminal on 127.0.0.1 for the simulated profile and tests: minimal HTTP/1.1 (one request per connection) on a
/// <see cref="TcpListener"/>, optionally TLS and NexoBlob. It keeps every payment per SaleID/ServiceID and answers TransactionStatus
/// truthfully, unlike the public mock: InProgress while it holds a payment, NotFound for what it never received, the original answer
/// otherwise. Behaviour per payment is chosen by the amount's ending (<see cref="NexoSimulatorOptions.OutcomeByAmountEnding"/>).
/// Thread-safe.
/// </summary>
internal sealed partial class NexoTerminalSimulator : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 1024 * 1024;

    private readonly NexoSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NexoBlobCipher? _cipher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public NexoTerminalSimulator(NexoSimulatorOptions options, TimeProvider time, ILogger<NexoTerminalSimulator> logger)
        : this(options, time, (ILogger)logger)
    {
    }

    internal NexoTerminalSimulator(NexoSimulatorOptions options, TimeProvider time, ILogger logger)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _cipher = options.Key is { } k ? new NexoBlobCipher(k.KeyIdentifier, k.KeyVersion, k.Passphrase) : null;
    }

    /// <summary>The endpoint to give the driver (<c>http(s)://127.0.0.1:PORT/nexo</c>); set by <see cref="Start"/>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/nexo");

    /// <summary>Starts listening on 127.0.0.1 (after loading <see cref="NexoSimulatorOptions.StateFile"/>, if any).</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("the simulator is already started");
        }

        Load();
        _listener = new TcpListener(IPAddress.Loopback, _options.Port);
        _listener.Start(backlog: 16);
        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Url = new Uri($"{(_options.ServerCertificate is null ? "http" : "https")}://127.0.0.1:{port}/nexo");
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        SimulatorLog.Simulator(_logger, Url, "listening");
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener!.AcceptTcpClientAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var task = ServeAsync(client, ct);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_options.ServerCertificate is { } certificate)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct).ConfigureAwait(false);
                    stream = tls;
                }

                await using (stream.ConfigureAwait(false))
                {
                    var (path, body) = await ReadHttpRequestAsync(stream, ct).ConfigureAwait(false);
                    Reply reply = path == "/nexo" ? Handle(body) : new Reply.Status(404, "Not Found");
                    if (_options.AnswerDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(_options.AnswerDelay, _time, ct).ConfigureAwait(false);
                    }

                    await SendAsync(stream, reply, ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                or System.Security.Authentication.AuthenticationException or InvalidDataException)
            {
                // The client went away, TLS failed, or the request was malformed: nothing to answer.
            }
        }
    }

    private static async Task<(string Path, byte[] Body)> ReadHttpRequestAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (head.Count >= MaxHeaderBytes || await stream.ReadAsync(one, ct).ConfigureAwait(false) == 0)
            {
                throw new InvalidDataException("request head too long or cut off");
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0] != "POST")
        {
            return (requestLine.Length > 1 ? "?" + requestLine[1] : "?", []);
        }

        int length = 0;
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                (!int.TryParse(line[(colon + 1)..].Trim(), out length) || length is < 0 or > MaxBodyBytes))
            {
                throw new InvalidDataException("bad Content-Length");
            }
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, ct).ConfigureAwait(false);
        return (requestLine[1], body);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private async Task SendAsync(Stream stream, Reply reply, CancellationToken ct)
    {
        while (reply is Reply.Held held)
        {
            // Wait for the terminal to decide, or for the client to hang up (a read returns 0 once it closes).
            var gone = stream.ReadAsync(new byte[1], ct).AsTask();
            var first = await Task.WhenAny(held.Decision, gone).ConfigureAwait(false);
            if (first != held.Decision)
            {
                return;
            }

            reply = await held.Decision.ConfigureAwait(false);
        }

        switch (reply)
        {
            case Reply.Drop drop:
                if (drop.After > TimeSpan.Zero)
                {
                    await Task.Delay(drop.After, _time, ct).ConfigureAwait(false);
                }

                return;
            case Reply.Status s:
                await WriteAsync(stream, s.Code, s.Text, [], ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
                return;
            case Reply.Json j:
                byte[] json = _cipher is null ? j.Body : _cipher.Seal(j.Body, "SaleToPOIResponse");
                await WriteAsync(stream, 200, "OK", json, json, ct).ConfigureAwait(false);
                return;
            case Reply.Garbled g:
                // Promise the whole body, send half of it, hang up.
                await WriteAsync(stream, 200, "OK", g.Body, g.Body.AsMemory(0, g.Body.Length / 2), ct).ConfigureAwait(false);
                return;
        }
    }

    private static async Task WriteAsync(Stream stream, int code, string text, byte[] declared, ReadOnlyMemory<byte> sent, CancellationToken ct)
    {
        string head = $"HTTP/1.1 {code} {text}\r\nContent-Type: application/json\r\nContent-Length: {declared.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct).ConfigureAwait(false);
        await stream.WriteAsync(sent, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        ReleaseHeld();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
        _listener?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>What to do with a connection once the request is read.</summary>
    private abstract record Reply
    {
        public sealed record Json(byte[] Body) : Reply;

        public sealed record Status(int Code, string Text) : Reply;

        public sealed record Drop(TimeSpan After = default) : Reply;

        public sealed record Garbled(byte[] Body) : Reply;

        public sealed record Held(Task<Reply> Decision) : Reply;
    }
}
