using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Payments;

/// <summary>Log events of the payment drivers. Card data never reaches these: only ids, amounts, the brand and reasons.</summary>
internal static partial class PaymentsLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Terminal {Name} ({Driver}): {State} {Detail}")]
    public static partial void StateChanged(ILogger logger, string name, string driver, DeviceState state, string? detail);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Terminal {Name}: payment {TransactionId} (ServiceID {ServiceId}) for {Amount} {Currency} sent")]
    public static partial void PaymentSent(ILogger logger, string name, string transactionId, string serviceId, decimal amount, string currency);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information,
        Message = "Terminal {Name}: reversal {TransactionId} (ServiceID {ServiceId}) of {TerminalReference} for {Amount} {Currency} sent")]
    public static partial void ReversalSent(ILogger logger, string name, string transactionId, string serviceId, string terminalReference, decimal amount, string currency);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Terminal {Name}: {Operation} {TransactionId} → {Kind} ({Brand}) {Reason}")]
    public static partial void Outcome(ILogger logger, string name, string operation, string transactionId, PaymentResultKind kind, string? brand, string? reason);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Terminal {Name}: abort of ServiceID {ServiceId} not confirmed: {Reason}")]
    public static partial void AbortFailed(ILogger logger, string name, string serviceId, string reason);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Terminal {Name}: configuration cannot be used: {Problem}")]
    public static partial void ConfigurationFailed(ILogger logger, string name, string problem);
}
