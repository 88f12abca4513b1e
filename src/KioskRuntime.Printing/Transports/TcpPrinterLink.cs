using System.Net.Sockets;

namespace KioskRuntime.Printing.Transports;

/// <summary>A TCP connection to a raw port 9100 printer, with keepalive so a pulled cable is noticed.</summary>
internal sealed class TcpPrinterLink : IPrinterLink
{
    private readonly Socket _socket;
    private readonly TimeProvider _time;

    private TcpPrinterLink(Socket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
    }

    public static async Task<IPrinterLink> ConnectAsync(string host, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keepalive: first probe after 10 s idle, every 3 s, 3 probes: a dead peer is found in about 20 s.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 3);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return new TcpPrinterLink(socket, time);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new PrinterLinkException($"connect to {host}:{port} failed: {e.Message}", e);
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, cancellationToken);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None, linked.Token).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrinterLinkException($"write timed out after {timeout.TotalSeconds:0.#} s with {data.Length} bytes unsent");
        }
        catch (SocketException e)
        {
            throw new PrinterLinkException($"write failed: {e.SocketErrorCode}", e);
        }
    }

    public async Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_socket.Available == 0 && !_socket.Poll(0, SelectMode.SelectRead))
        {
            using var cts = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, cancellationToken);
            try
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                return n > 0 ? n : throw new PrinterLinkException("printer closed the connection");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (SocketException e)
            {
                throw new PrinterLinkException($"read failed: {e.SocketErrorCode}", e);
            }
        }

        try
        {
            var read = _socket.Receive(buffer.Span, SocketFlags.None);
            return read > 0 ? read : throw new PrinterLinkException("printer closed the connection");
        }
        catch (SocketException e)
        {
            throw new PrinterLinkException($"read failed: {e.SocketErrorCode}", e);
        }
    }

    public void Dispose() => _socket.Dispose();
}
