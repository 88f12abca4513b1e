using KioskRuntime.BackOffice.Contract;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.BackOffice.Processing;

/// <summary>One structured log line per batch.</summary>
internal sealed partial class EventBatchProcessor
{
    private void Log(string kiosk, IReadOnlyList<ParsedEvent> events, PushOutcome outcome)
    {
        var first = events[0].Seq;
        var last = events[^1].Seq;
        switch (outcome)
        {
            case PushOutcome.Processed p:
                LogBatch(_logger, kiosk, first, last,
                    p.Results.Count(r => r.Status == EventResult.Accepted),
                    p.Results.Count(r => r.Status == EventResult.Duplicate),
                    p.Results.Count(r => r.Status == EventResult.Rejected),
                    p.Results.Count, p.LastSeq);
                break;
            case PushOutcome.SeqGap gap:
                LogSeqGap(_logger, kiosk, first, last, gap.ExpectedSeq);
                break;
            case PushOutcome.Fork fork:
                LogFork(_logger, kiosk, first, last, fork.Seq);
                break;
            case PushOutcome.Invalid invalid:
                LogInvalidEvent(_logger, kiosk, first, last, invalid.Seq ?? 0, invalid.Reason);
                break;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "batch kiosk={KioskId} seq={FirstSeq}..{LastSeq} accepted={Accepted} duplicate={Duplicate} rejected={Rejected} processed={Processed} lastSeq={HeadSeq}")]
    private static partial void LogBatch(ILogger logger, string kioskId, long firstSeq, long lastSeq, int accepted, int duplicate,
        int rejected, int processed, long headSeq);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "seq-gap kiosk={KioskId} seq={FirstSeq}..{LastSeq} expectedSeq={ExpectedSeq}")]
    private static partial void LogSeqGap(ILogger logger, string kioskId, long firstSeq, long lastSeq, long expectedSeq);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "FORK kiosk={KioskId} seq={FirstSeq}..{LastSeq}: another event is stored under seq {ForkSeq}")]
    private static partial void LogFork(ILogger logger, string kioskId, long firstSeq, long lastSeq, long forkSeq);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "invalid kiosk={KioskId} seq={FirstSeq}..{LastSeq}: event {InvalidSeq} is malformed: {Reason}")]
    private static partial void LogInvalidEvent(ILogger logger, string kioskId, long firstSeq, long lastSeq, long invalidSeq, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "invalid batch kiosk={KioskId}: {Reason}")]
    private static partial void LogInvalidBatch(ILogger logger, string kioskId, string reason);
}
