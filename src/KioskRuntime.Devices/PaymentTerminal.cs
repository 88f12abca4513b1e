namespace KioskRuntime.Devices;

/// <summary>
/// A request to charge an amount. <paramref name="TransactionId"/> is the kiosk's id for the payment intent (journaled before the terminal is
/// asked); <paramref name="ServiceId"/> is the per-request message id the terminal protocol needs (nexo ServiceID).
/// </summary>
public sealed record PaymentRequest(string TransactionId, string ServiceId, decimal Amount, string Currency);

/// <summary>
/// A request to give back an approved payment (nexo Reversal; Adyen's referenced refund). <paramref name="TransactionId"/> and
/// <paramref name="ServiceId"/> are the kiosk's ids for the refund, journaled before the terminal is asked, exactly as for a
/// <see cref="PaymentRequest"/>: the terminal files the reversal under that ServiceID, and
/// <see cref="IPaymentTerminal.GetReversalStatusAsync"/> finds it by them after a crash or a lost answer.
/// <paramref name="TerminalReference"/> is the original payment's <see cref="PaymentResult.TerminalReference"/>.
/// </summary>
public sealed record ReversalRequest(string TransactionId, string ServiceId, string TerminalReference, decimal Amount, string Currency);

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

    /// <summary>
    /// Asks what became of an earlier <em>payment</em> (nexo TransactionStatus), by the ids of its <see cref="PaymentRequest"/>.
    /// <see cref="PaymentResultKind.Unknown"/> when the terminal cannot say (reason <c>NotFound:</c> when it has no record of it).
    /// </summary>
    Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Reverses an approved payment. Approved means the money went back to the card; Declined means the terminal refused (nothing
    /// given back); Unknown means the request may have reached the terminal: ask <see cref="GetReversalStatusAsync"/> with the same ids.
    /// </summary>
    Task<PaymentResult> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Asks what became of an earlier <em>reversal</em> (nexo TransactionStatus for category Reversal), by the ids of its
    /// <see cref="ReversalRequest"/>; never confused with a payment filed under the same ids. Approved: reversed; Declined: refused;
    /// Unknown with reason <c>NotFound:</c> when the terminal has no record of that reversal, <c>InProgress:</c> while it works on it.
    /// </summary>
    Task<PaymentResult> GetReversalStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken);
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
