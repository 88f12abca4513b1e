namespace KioskRuntime.Devices;

/// <summary>
/// A request to charge an amount. <paramref name="TransactionId"/> is the kiosk's id for the payment intent (journaled before the terminal is
/// asked); <paramref name="ServiceId"/> is the per-request message id the terminal protocol needs (nexo ServiceID).
/// </summary>
public sealed record PaymentRequest(string TransactionId, string ServiceId, decimal Amount, string Currency);

public enum PaymentResultKind
{
    Approved,
    Declined,
    Cancelled,
    /// <summary>The outcome is not known (timeout, connection lost after the request left). Ask the terminal for the status.</summary>
    Unknown,
}

/// <summary>The terminal's answer. Card data never appears here beyond the brand that is printed.</summary>
public sealed record PaymentResult(
    PaymentResultKind Kind,
    decimal? AuthorizedAmount,
    string? TerminalReference,
    string? CardBrand,
    string? Reason);

/// <summary>Progress the terminal reports while the customer acts ("present card", "enter PIN").</summary>
public sealed record PaymentProgress(string Message);

/// <summary>The payment terminal contract (semi-integrated: the kiosk sends an amount, the terminal talks to the acquirer).</summary>
public interface IPaymentTerminal : IDevice
{
    Task<PaymentResult> PayAsync(PaymentRequest request, IProgress<PaymentProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Asks what became of an earlier request (nexo TransactionStatus). <see cref="PaymentResultKind.Unknown"/> when the terminal cannot say.</summary>
    Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken);

    /// <summary>Reverses an approved transaction by the terminal's reference.</summary>
    Task<PaymentResult> ReverseAsync(string terminalReference, decimal amount, string currency, CancellationToken cancellationToken);
}

/// <summary>The customer display contract (a character LCD, or a simulated one).</summary>
public interface ICustomerDisplay : IDevice
{
    /// <summary>Shows up to two lines; drivers fit them to the display's width and character set.</summary>
    ValueTask ShowAsync(string line1, string line2, CancellationToken cancellationToken);
}

/// <summary>What the status light shows.</summary>
public enum LightPattern
{
    Off,
    Ready,
    Busy,
    Offline,
    Error,
}

/// <summary>Lights and similar outputs driven from the kiosk's state.</summary>
public interface IStatusLight : IDevice
{
    ValueTask ShowAsync(LightPattern pattern, CancellationToken cancellationToken);
}
