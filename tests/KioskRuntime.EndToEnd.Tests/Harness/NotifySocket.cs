using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>
/// A real unix datagram socket standing in for systemd's notify socket: kioskd sends READY=1, WATCHDOG=1, STATUS=… to it exactly as it
/// would to systemd. Every datagram is kept with the time it arrived.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly List<(TimeSpan At, string Message)> _messages = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _receiver;
    private readonly CancellationTokenSource _stop = new();

    public NotifySocket(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _receiver = Task.Run(ReceiveAsync);
    }

    public string Path { get; }

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, string Message)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every KEY=VALUE assignment received, in order (a datagram may carry several, newline-separated).</summary>
    public IEnumerable<(TimeSpan At, string Assignment)> Assignments =>
        Messages.SelectMany(m => m.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(a => (m.At, a)));

    public async Task<TimeSpan> WaitForAsync(Func<string, bool> assignment, TimeSpan timeout, TimeSpan? after = null)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            foreach (var (at, a) in Assignments)
            {
                if (at >= (after ?? TimeSpan.Zero) && assignment(a))
                {
                    return at;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No matching notification within {timeout}. Received: {string.Join(" | ", Assignments.Select(a => $"{a.At.TotalSeconds:0.00}s {a.Assignment}"))}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiver.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[8192];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_messages)
            {
                _messages.Add((_clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, n)));
            }
        }
    }
}
