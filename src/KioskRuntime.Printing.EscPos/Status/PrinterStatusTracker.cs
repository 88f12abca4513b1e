using KioskRuntime.Devices;

namespace KioskRuntime.Printing.EscPos.Status;

/// <summary>
/// Reads the printer's back channel: a mix of DLE EOT replies (one byte each, (b &amp; 0x93) == 0x12), ASB frames
/// (4 bytes, first byte (b &amp; 0x93) == 0x10) and GS r replies (one byte, high nibble 0). Replies are matched to the queries
/// that were sent, in order; anything unasked for is stale and dropped (<see cref="StaleBytes"/>). Not thread-safe: owned by one
/// transport loop.
/// </summary>
public sealed class PrinterStatusTracker
{
    private readonly Queue<int> _pendingRealTime = new();
    private readonly byte[] _asb = new byte[4];
    private int _asbCount;
    private int _pendingFences;

    public PrinterStatus Status { get; private set; }

    public PrinterCondition Condition => Status.Condition;

    /// <summary>Bytes that matched no pending query (stale replies, noise).</summary>
    public long StaleBytes { get; private set; }

    /// <summary>GS r replies received since <see cref="ExpectFence"/>.</summary>
    public int FencesAnswered { get; private set; }

    /// <summary>DLE EOT replies received in total.</summary>
    public long RealTimeReplies { get; private set; }

    /// <summary>Number of DLE EOT queries still waiting for a reply.</summary>
    public int PendingRealTime => _pendingRealTime.Count;

    public int PendingFences => _pendingFences;

    /// <summary>Record that DLE EOT <paramref name="n"/> was sent.</summary>
    public void ExpectRealTime(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 4);
        _pendingRealTime.Enqueue(n);
    }

    /// <summary>Record that GS r 1 was sent (answered only after all earlier data was processed).</summary>
    public void ExpectFence() => _pendingFences++;

    /// <summary>Forget unanswered queries (after a timeout, before draining the input for a fresh query).</summary>
    public void ForgetPending()
    {
        _pendingRealTime.Clear();
        _pendingFences = 0;
        _asbCount = 0;
    }

    /// <summary>The connection went away: nothing is known any more.</summary>
    public void Reset()
    {
        ForgetPending();
        Status = PrinterStatus.None;
        FencesAnswered = 0;
    }

    public void Feed(ReadOnlySpan<byte> input)
    {
        foreach (var b in input)
        {
            if (_asbCount > 0)
            {
                _asb[_asbCount++] = b;
                if (_asbCount == 4)
                {
                    Status = Status.WithAsb(_asb);
                    _asbCount = 0;
                }

                continue;
            }

            if ((b & 0x93) == 0x12)
            {
                if (_pendingRealTime.TryDequeue(out var n))
                {
                    Status = Status.WithRealTimeReply(n, b);
                    RealTimeReplies++;
                }
                else
                {
                    StaleBytes++;
                }
            }
            else if ((b & 0x93) == 0x10)
            {
                _asb[0] = b;
                _asbCount = 1;
            }
            else if ((b & 0xF0) == 0 && _pendingFences > 0)
            {
                _pendingFences--;
                FencesAnswered++;
                Status = Status with { PaperNearEnd = (b & 0x03) != 0, PaperOut = (b & 0x0C) != 0 };
            }
            else
            {
                StaleBytes++;
            }
        }
    }
}
