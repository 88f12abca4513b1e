using System.Net;
using System.Net.Sockets;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// A TCP 9100 ESC/POS printer for tests, on 127.0.0.1:0. It decodes what it receives with <see cref="EscPosDecoder"/>, answers
/// DLE EOT in real time and GS r 1 in buffer order, counts cuts as printed receipts, and can run out of paper (also after
/// some bytes of a job), open its cover, stay silent, or drop the connection mid-job. While stopped (paper out, cover open)
/// it processes nothing but real-time commands, like the real thing.
/// </summary>
internal sealed class PrinterEmulator : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<byte> _received = [];
    private readonly List<string> _paper = [];
    private readonly Task _acceptLoop;
    private Socket? _client;
    private bool _paperOut;
    private bool _coverOpen;
    private int? _paperOutAfter;
    private int? _dropAfter;
    private int _printed;
    private int _connections;

    private readonly PrinterDialect _dialect;
    private int _etbCounter;

    /// <param name="dialect">StarLine: answers ESC ACK SOH with a 9-byte automatic status frame (Ethernet style, with the 2-byte
    /// length after it) and counts ETB in printer status 6 when it reaches ETB in the buffer.</param>
    public PrinterEmulator(PrinterDialect dialect = PrinterDialect.EscPos)
    {
        _dialect = dialect;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Receipts that came out of the cutter.</summary>
    public int Printed { get { lock (_gate) { return _printed; } } }

    public int Connections { get { lock (_gate) { return _connections; } } }

    public bool Silent { get; set; }

    public bool PaperNearEnd { get; set; }

    public byte[] Received { get { lock (_gate) { return [.. _received]; } } }

    /// <summary>What came out on paper so far: text lines in order, a cut as "--- cut ---". Stops where the paper ran out.</summary>
    public IReadOnlyList<string> Paper { get { lock (_gate) { return [.. _paper]; } } }

    public bool PaperOut
    {
        get { lock (_gate) { return _paperOut; } }
        set { lock (_gate) { _paperOut = value; } }
    }

    public bool CoverOpen
    {
        get { lock (_gate) { return _coverOpen; } }
        set { lock (_gate) { _coverOpen = value; } }
    }

    /// <summary>Run out of paper once this many more bytes have arrived.</summary>
    public void PaperOutAfter(int bytes) { lock (_gate) { _paperOutAfter = bytes; } }

    /// <summary>Close the connection once this many more bytes have arrived.</summary>
    public void DropAfter(int bytes) { lock (_gate) { _dropAfter = bytes; } }

    /// <summary>Stop accepting and close the current connection (cable pulled).</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            _client?.Dispose();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _client?.Dispose();
                _client = client;
                _connections++;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var session = new Session(this);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                var drop = false;
                lock (_gate)
                {
                    if (_dropAfter is int d)
                    {
                        _dropAfter = d - n;
                        drop = _dropAfter <= 0;
                    }
                }

                if (drop)
                {
                    lock (_gate)
                    {
                        _dropAfter = null;
                    }

                    client.Dispose();
                    return;
                }

                var replies = session.Process(buffer.AsSpan(0, n));
                if (replies.Length > 0)
                {
                    await client.SendAsync(replies, SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>One connection's view: its own decoder and backlog, the shared paper/cover state. Not thread-safe.</summary>
    internal sealed class Session(PrinterEmulator printer)
    {
        private readonly EscPosDecoder _decoder = new(printer._dialect);
        private readonly Queue<DecodedBlock> _backlog = new();
        private int _seen;

        /// <summary>Takes received bytes, returns the printer's replies (real-time ones at once, GS r in buffer order).</summary>
        public byte[] Process(ReadOnlySpan<byte> chunk)
        {
            printer.Account(chunk);
            _decoder.Feed(chunk);
            var blocks = _decoder.BlocksSoFar;
            var replies = new List<byte>();
            for (; _seen < blocks.Count; _seen++)
            {
                var block = blocks[_seen];
                if (block is DecodedCommand { Name: var name } && name.StartsWith("real-time status ", StringComparison.Ordinal))
                {
                    replies.Add(printer.RealTimeReply(name[^1] - '0'));
                }
                else if (block is DecodedCommand { Name: "status request (ESC ACK SOH)" })
                {
                    replies.AddRange(printer.StarStatusFrame());
                }
                else
                {
                    _backlog.Enqueue(block);
                }
            }

            while (_backlog.Count > 0 && !printer.Stopped)
            {
                var block = _backlog.Dequeue();
                if (block is DecodedCommand { Name: "ETB (status counter)" })
                {
                    lock (printer._gate)
                    {
                        printer._etbCounter = (printer._etbCounter + 1) & 0x1F;
                    }
                }
                else if (block is DecodedCommand { Name: "status request 1" })
                {
                    replies.Add(printer.PaperNearEnd ? (byte)0x03 : (byte)0x00);
                }
                else if (block is DecodedCut)
                {
                    lock (printer._gate)
                    {
                        printer._printed++;
                        printer._paper.Add("--- cut ---");
                    }
                }
                else if (block is DecodedTextLine line)
                {
                    lock (printer._gate)
                    {
                        printer._paper.Add(line.Text);
                    }
                }
            }

            return printer.Silent ? [] : [.. replies];
        }
    }

    private void Account(ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            _received.AddRange(chunk);
            if (_paperOutAfter is int left)
            {
                _paperOutAfter = left - chunk.Length;
                if (_paperOutAfter <= 0)
                {
                    _paperOut = true;
                    _paperOutAfter = null;
                }
            }
        }
    }

    private bool Stopped { get { lock (_gate) { return _paperOut || _coverOpen; } } }

    private byte RealTimeReply(int n)
    {
        lock (_gate)
        {
            var stopped = _paperOut || _coverOpen;
            return n switch
            {
                1 => (byte)(0x12 | (stopped ? 0x08 : 0)),
                2 => (byte)(0x12 | (_coverOpen ? 0x04 : 0) | (_paperOut ? 0x20 : 0)),
                4 => (byte)(0x12 | (PaperNearEnd ? 0x0C : 0) | (_paperOut ? 0x60 : 0)),
                _ => 0x12,
            };
        }
    }

    /// <summary>Star automatic status: header 1 0x23 (9 bytes), header 2 0x86 (length extension follows), status 1–7, length 0.</summary>
    private byte[] StarStatusFrame()
    {
        lock (_gate)
        {
            var stopped = _paperOut || _coverOpen;
            var s1 = (byte)((stopped ? 0x08 : 0) | (_coverOpen ? 0x20 : 0));
            var s4 = (byte)((_paperOut ? 0x08 : 0) | (PaperNearEnd ? 0x04 : 0));
            var s6 = (byte)(((_etbCounter & 0x07) << 1) | ((_etbCounter & 0x18) << 2));
            return [0x23, 0x86, s1, 0, 0, s4, 0, s6, 0, 0x00, 0x00];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            _client?.Dispose();
        }

        await _acceptLoop;
        _stop.Dispose();
    }
}
