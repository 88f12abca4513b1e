using KioskRuntime.Devices;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Status;

namespace KioskRuntime.Printing.Transports;

/// <summary>
/// How a printer host asks one printer family about itself and learns that a job was processed: the query bytes, the fence
/// bytes and the reading of the replies. One per host; not thread-safe (the host's I/O lock covers it).
/// </summary>
internal abstract class StatusChannel
{
    /// <summary>Asks for the full condition (before a job, heartbeat).</summary>
    public abstract ReadOnlyMemory<byte> FullQuery { get; }

    /// <summary>Asks whether the printer stopped (paper, cover) while a job is being processed.</summary>
    public abstract ReadOnlyMemory<byte> PaperQuery { get; }

    /// <summary>Answered only once everything sent before it was processed.</summary>
    public abstract ReadOnlyMemory<byte> Fence { get; }

    public abstract PrinterCondition Condition { get; }

    /// <summary>True while a sent query has not been fully answered.</summary>
    public abstract bool QueryPending { get; }

    /// <summary>Fences answered since the host started counting (compare before and after).</summary>
    public abstract int FencesAnswered { get; }

    public abstract void ExpectFullQuery();

    public abstract void ExpectPaperQuery();

    /// <summary>Record that <see cref="Fence"/> is being sent after a job.</summary>
    public abstract void ExpectFence();

    public abstract void Feed(ReadOnlySpan<byte> input);

    /// <summary>Forget unanswered queries (before draining the input for a fresh one).</summary>
    public abstract void ForgetPending();

    /// <summary>The connection went away or the printer did not answer: nothing is known any more.</summary>
    public abstract void Reset();

    public static StatusChannel For(StatusSupport support) => support switch
    {
        StatusSupport.StarAsb => new StarStatusChannel(),
        _ => new EscPosStatusChannel(),
    };
}

/// <summary>ESC/POS: DLE EOT 1, 2, 4 (real time), GS r 1 as the fence (answered in buffer order).</summary>
internal sealed class EscPosStatusChannel : StatusChannel
{
    private static readonly byte[] Full = [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04];
    private static readonly byte[] Paper = [0x10, 0x04, 0x02, 0x10, 0x04, 0x04];
    private static readonly byte[] GsR1 = [0x1D, 0x72, 0x01];

    private readonly PrinterStatusTracker _tracker = new();

    public override ReadOnlyMemory<byte> FullQuery => Full;

    public override ReadOnlyMemory<byte> PaperQuery => Paper;

    public override ReadOnlyMemory<byte> Fence => GsR1;

    public override PrinterCondition Condition => _tracker.Condition;

    public override bool QueryPending => _tracker.PendingRealTime > 0;

    public override int FencesAnswered => _tracker.FencesAnswered;

    public override void ExpectFullQuery()
    {
        foreach (var n in new[] { 1, 2, 4 })
        {
            _tracker.ExpectRealTime(n);
        }
    }

    public override void ExpectPaperQuery()
    {
        _tracker.ExpectRealTime(2);
        _tracker.ExpectRealTime(4);
    }

    public override void ExpectFence() => _tracker.ExpectFence();

    public override void Feed(ReadOnlySpan<byte> input) => _tracker.Feed(input);

    public override void ForgetPending() => _tracker.ForgetPending();

    public override void Reset() => _tracker.Reset();
}

/// <summary>
/// Star line mode: ESC ACK SOH asks for the automatic status frame (taken as answered at once, like the ASB it is [check per
/// model]); ETB is the fence: the printer counts it in printer status 6 when it reaches it in the buffer, so the fence is
/// answered when a later status frame shows a different ETB counter than the last one before the job.
/// </summary>
internal sealed class StarStatusChannel : StatusChannel
{
    private static readonly byte[] EscAckSoh = [0x1B, 0x06, 0x01];
    private static readonly byte[] Etb = [0x17];

    private readonly StarStatusReader _reader = new();
    private long _framesWanted = -1;
    private int? _etbBefore;
    private bool _fencePending;
    private int _fencesAnswered;
    private bool _known;

    public override ReadOnlyMemory<byte> FullQuery => EscAckSoh;

    public override ReadOnlyMemory<byte> PaperQuery => EscAckSoh;

    public override ReadOnlyMemory<byte> Fence => Etb;

    public override PrinterCondition Condition => _known ? _reader.Condition : PrinterCondition.Unknown;

    public override bool QueryPending => _framesWanted >= 0 && _reader.Frames < _framesWanted;

    public override int FencesAnswered => _fencesAnswered;

    public override void ExpectFullQuery() => _framesWanted = _reader.Frames + 1;

    public override void ExpectPaperQuery() => _framesWanted = _reader.Frames + 1;

    public override void ExpectFence()
    {
        _etbBefore = _reader.EtbCounter;
        _fencePending = true;
    }

    public override void Feed(ReadOnlySpan<byte> input)
    {
        var frames = _reader.Frames;
        _reader.Feed(input);
        if (_reader.Frames > frames)
        {
            _known = true;
        }

        // Without status 6 in the frames (a short status version) the counter is unknown and the fence is never answered: Unknown.
        if (_fencePending && _etbBefore is { } before && _reader.EtbCounter is { } now && now != before)
        {
            _fencePending = false;
            _fencesAnswered++;
        }
    }

    public override void ForgetPending()
    {
        _framesWanted = -1;
        _fencePending = false;
    }

    public override void Reset()
    {
        ForgetPending();
        _reader.Reset();
        _known = false;
    }
}
