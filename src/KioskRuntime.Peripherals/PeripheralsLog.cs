using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals;

internal static partial class PeripheralsLog
{
    [LoggerMessage(EventId = 5400, Level = LogLevel.Information, Message = "{Kind} {Name} ({Driver}): {State} {Detail}")]
    public static partial void StateChanged(ILogger logger, DeviceKind kind, string name, string driver, DeviceState state, string? detail);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "{Name}: hardware fault, will reopen: {Reason}")]
    public static partial void Fault(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Door lock {Name}: unlocked for {Seconds} s ({Authorisation})")]
    public static partial void Unlocked(ILogger logger, string name, double seconds, string authorisation);

    [LoggerMessage(EventId = 5403, Level = LogLevel.Information, Message = "Door lock {Name}: locked ({Why})")]
    public static partial void Locked(ILogger logger, string name, string why);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Information, Message = "Input {Name}/{Input}: {State}")]
    public static partial void InputChanged(ILogger logger, string name, string input, string state);

    [LoggerMessage(EventId = 5405, Level = LogLevel.Error, Message = "{Name}: the sink failed")]
    public static partial void SinkFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 5406, Level = LogLevel.Information, Message = "NFC reader {Name}: card {UidHashPrefix}…")]
    public static partial void CardRead(ILogger logger, string name, string uidHashPrefix);
}
