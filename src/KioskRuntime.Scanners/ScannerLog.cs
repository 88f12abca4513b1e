using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners;

internal static partial class ScannerLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Scanner {Name} ({Driver}): {State} {Detail}")]
    public static partial void StateChanged(ILogger logger, string name, string driver, Devices.DeviceState state, string? detail);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Scanner {Name} rejected input: {Reason}")]
    public static partial void Rejected(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Scanner {Name} read {Length} characters, symbology {Symbology}")]
    public static partial void Scanned(ILogger logger, string name, int length, string? symbology);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "Scanner {Name}: the scan sink failed")]
    public static partial void SinkFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Scanner {Name}: feedback {Feedback} not sent: {Reason}")]
    public static partial void FeedbackFailed(ILogger logger, string name, Devices.ScanFeedback feedback, string reason);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "Scanner {Name}: driver fault; reopening the device")]
    public static partial void DriverFault(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Scanner {Name}: {Message}")]
    public static partial void Note(ILogger logger, string name, string message);
}
