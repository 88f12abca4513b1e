namespace KioskRuntime.Payments.Nexo;

/// <summary>nexo <c>MessageHeader</c>. The response header echoes the request's, with <c>MessageType</c> = <c>Response</c>.</summary>
internal sealed record MessageHeader(
    string MessageClass,
    string MessageCategory,
    string MessageType,
    string? ServiceId,
    string? SaleId,
    string? PoiId,
    string ProtocolVersion = "3.0")
{
    public MessageHeader AsResponse() => this with { MessageType = "Response" };
}

/// <summary>A transaction reference (<c>SaleTransactionID</c>, <c>POITransactionID</c>): an id and when it was made.</summary>
internal sealed record TransactionReference(string TransactionId, DateTimeOffset? TimeStamp);

/// <summary>The body of a request. One subtype per nexo message category the kiosk uses.</summary>
internal abstract record NexoRequestBody(string Category);

internal sealed record PaymentRequestBody(TransactionReference SaleTransaction, string Currency, decimal RequestedAmount)
    : NexoRequestBody("Payment");

/// <summary><c>TransactionStatusRequest.MessageReference</c>: the ids of the request whose fate is asked for.</summary>
internal sealed record TransactionStatusRequestBody(string ReferencedCategory, string? SaleId, string? ServiceId)
    : NexoRequestBody("TransactionStatus");

/// <summary>
/// <c>ReversalRequest</c>: the original payment by its POITransactionID, and (<c>SaleData.SaleTransactionID</c>) the kiosk's id for the
/// reversal. The terminal files the reversal under the request header's ServiceID, which a TransactionStatus for category
/// <c>Reversal</c> names later.
/// </summary>
internal sealed record ReversalRequestBody(
    TransactionReference OriginalPoiTransaction, string ReversalReason, decimal? ReversedAmount, string? Currency, TransactionReference? SaleTransaction = null)
    : NexoRequestBody("Reversal");

internal sealed record AbortRequestBody(string ReferencedCategory, string? SaleId, string? ServiceId, string AbortReason)
    : NexoRequestBody("Abort");

internal sealed record NexoRequest(MessageHeader Header, NexoRequestBody Body);

/// <summary><c>Response.Result</c>. Values this parser does not know become <see cref="Unrecognised"/>.</summary>
internal enum NexoResult
{
    Success,
    Failure,
    Partial,
    Unrecognised,
}

/// <summary>The nexo <c>Response</c> object: result, error condition (kept as text: terminals send values outside the standard list) and the parsed AdditionalResponse.</summary>
internal sealed record NexoOutcome(NexoResult Result, string? ErrorCondition, AdditionalResponse Additional)
{
    public static NexoOutcome Success { get; } = new(NexoResult.Success, null, AdditionalResponse.Empty);

    public static NexoOutcome Failure(string condition, string? refusalReason = null) =>
        new(NexoResult.Failure, condition, refusalReason is null ? AdditionalResponse.Empty : AdditionalResponse.Of(("refusalReason", refusalReason)));

    /// <summary>Whether the error condition is <paramref name="name"/>, compared without case and ignoring spaces.</summary>
    public bool ConditionIs(string name) => ErrorCondition is not null && Normalise(ErrorCondition) == Normalise(name);

    private static string Normalise(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}

internal abstract record NexoResponseBody(string Category, NexoOutcome Response);

/// <summary>
/// What the kiosk keeps of a <c>PaymentResponse</c>. There is deliberately no field for <c>MaskedPan</c> or any other card data: the
/// parser never reads them, so they cannot be stored or logged by accident. Only the brand (printed on the receipt) is kept.
/// </summary>
internal sealed record PaymentResponseBody(
    NexoOutcome Response,
    TransactionReference? SaleTransaction,
    TransactionReference? PoiTransaction,
    decimal? AuthorizedAmount,
    string? Currency,
    string? PaymentBrand) : NexoResponseBody("Payment", Response);

/// <summary>
/// <c>TransactionStatusResponse</c>, with the original answer from <c>RepeatedMessageResponse</c> when the terminal has one: a
/// <c>PaymentResponse</c> (<see cref="RepeatedPayment"/>) or a <c>ReversalResponse</c> (<see cref="RepeatedReversal"/>), whichever
/// category was asked for; at most one is set.
/// </summary>
internal sealed record TransactionStatusResponseBody(
    NexoOutcome Response, MessageHeader? RepeatedHeader, PaymentResponseBody? RepeatedPayment, ReversalResponseBody? RepeatedReversal = null)
    : NexoResponseBody("TransactionStatus", Response);

internal sealed record ReversalResponseBody(NexoOutcome Response, TransactionReference? PoiTransaction, decimal? ReversedAmount = null)
    : NexoResponseBody("Reversal", Response);

internal sealed record NexoResponse(MessageHeader Header, NexoResponseBody Body);
