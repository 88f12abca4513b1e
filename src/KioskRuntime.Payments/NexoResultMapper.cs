using System.Globalization;
using KioskRuntime.Devices;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments;

/// <summary>
/// Maps nexo answers onto <see cref="PaymentResult"/>. A <c>Failure</c> in a PaymentResponse is the terminal's word that nothing was
/// charged (Declined, or Cancelled for Aborted/Cancel) whatever the ErrorCondition says, even values outside the standard list
/// (<c>"Communication timeout"</c>); only InProgress leaves the outcome open. Reasons start with a fixed word the kiosk can read:
/// <c>NotFound:</c>, <c>InProgress:</c>, <c>Lost:</c>, <c>NotSent:</c>, <c>Partial:</c>, <c>Mismatch:</c>.
/// </summary>
internal static class NexoResultMapper
{
    public static PaymentResult FromPayment(PaymentResponseBody p, decimal requested)
    {
        var o = p.Response;
        string? reference = p.PoiTransaction?.TransactionId;
        switch (o.Result)
        {
            case NexoResult.Success:
                return new PaymentResult(PaymentResultKind.Approved, p.AuthorizedAmount ?? requested, reference, p.PaymentBrand, null);
            case NexoResult.Partial:
                // Never asked for (no partial approval was allowed); the kiosk must reverse it. Reported as approved so the charge is not lost.
                return new PaymentResult(PaymentResultKind.Approved, p.AuthorizedAmount, reference, p.PaymentBrand,
                    $"Partial: authorised {Amount(p.AuthorizedAmount)} of {Amount(requested)}");
            case NexoResult.Failure when o.ConditionIs("InProgress"):
                return Unknown($"InProgress: {Describe(o)}", reference);
            case NexoResult.Failure when o.ConditionIs("Aborted") || o.ConditionIs("Cancel"):
                return new PaymentResult(PaymentResultKind.Cancelled, null, reference, p.PaymentBrand, Describe(o));
            case NexoResult.Failure:
                return new PaymentResult(PaymentResultKind.Declined, null, reference, p.PaymentBrand, Describe(o));
            default:
                return Unknown($"Unrecognised: result not understood ({Describe(o)})", reference);
        }
    }

    public static PaymentResult FromStatus(TransactionStatusResponseBody s, string transactionId)
    {
        var o = s.Response;
        if (o.Result == NexoResult.Success)
        {
            if (s.RepeatedPayment is not { } repeated)
            {
                return Unknown(
                    s.RepeatedReversal is null
                        ? "Unrecognised: status Success without the original payment answer"
                        : "Mismatch: the terminal repeated a reversal, not the payment asked for", null);
            }

            if (repeated.SaleTransaction is { } sale && sale.TransactionId != transactionId)
            {
                return Unknown($"Mismatch: the terminal answered for transaction {sale.TransactionId}, not {transactionId}", null);
            }

            return FromPayment(repeated, repeated.AuthorizedAmount ?? 0m);
        }

        return FromStatusFailure(o);
    }

    /// <summary>
    /// A TransactionStatus asked for category Reversal with the reversal's ServiceID: Success repeats the ReversalResponse, mapped as
    /// <see cref="FromReversal"/> maps it (Success → Approved, i.e. reversed; Failure → Declined; InProgress → Unknown). A repeated
    /// payment, or a repeated header naming another category or ServiceID, is a Mismatch (Unknown), never taken for the reversal.
    /// </summary>
    public static PaymentResult FromReversalStatus(TransactionStatusResponseBody s, string serviceId)
    {
        var o = s.Response;
        if (o.Result == NexoResult.Success)
        {
            if (s.RepeatedReversal is not { } repeated)
            {
                return Unknown(
                    s.RepeatedPayment is null
                        ? "Unrecognised: status Success without the original reversal answer"
                        : "Mismatch: the terminal repeated a payment, not the reversal asked for", null);
            }

            if (s.RepeatedHeader is { } h && (h.MessageCategory != "Reversal" || (h.ServiceId is not null && h.ServiceId != serviceId)))
            {
                return Unknown($"Mismatch: the terminal repeated {h.MessageCategory} ServiceID {h.ServiceId}, not reversal {serviceId}", null);
            }

            return FromReversal(repeated, null, repeated.ReversedAmount);
        }

        return FromStatusFailure(o);
    }

    private static PaymentResult FromStatusFailure(NexoOutcome o)
    {
        if (o.Result == NexoResult.Failure && o.ConditionIs("NotFound"))
        {
            // Never received, wrong ids, or forgotten (retention is not documented): not proof that nothing was charged.
            return Unknown($"NotFound: the terminal has no record of it ({Describe(o)}); reconcile before treating it as not charged", null);
        }

        if (o.Result == NexoResult.Failure && o.ConditionIs("InProgress"))
        {
            return Unknown($"InProgress: the terminal is still working on it; ask again ({Describe(o)})", null);
        }

        return Unknown($"Unrecognised: status {Describe(o)}", null);
    }

    public static PaymentResult FromReversal(ReversalResponseBody r, string? terminalReference, decimal? amount)
    {
        var o = r.Response;
        string? reference = r.PoiTransaction?.TransactionId ?? terminalReference;
        return o.Result switch
        {
            NexoResult.Success => new PaymentResult(PaymentResultKind.Approved, r.ReversedAmount ?? amount, reference, null, "Reversed"),
            NexoResult.Failure when o.ConditionIs("InProgress") => Unknown($"InProgress: {Describe(o)}", reference),
            NexoResult.Failure => new PaymentResult(PaymentResultKind.Declined, null, reference, null, Describe(o)),
            _ => Unknown($"Unrecognised: reversal {Describe(o)}", reference),
        };
    }

    public static PaymentResult Unknown(string reason, string? reference) => new(PaymentResultKind.Unknown, null, reference, null, reason);

    /// <summary><c>ErrorCondition</c> and the refusal reason, e.g. <c>Refusal (Not enough balance)</c>.</summary>
    private static string Describe(NexoOutcome o)
    {
        string condition = o.ErrorCondition ?? o.Result.ToString();
        string? refusal = o.Additional["refusalReason"] ?? o.Additional["message"];
        return refusal is null ? condition : $"{condition} ({refusal})";
    }

    private static string Amount(decimal? d) => d?.ToString("0.00", CultureInfo.InvariantCulture) ?? "?";
}
