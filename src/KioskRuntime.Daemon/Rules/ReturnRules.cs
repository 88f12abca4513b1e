using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Rules;

/// <summary>
/// Which returns an unattended kiosk accepts. Pure: the caller looks up the original sale and any refund of it in the journal.
/// A refund whose outcome is not known may already have given the money back, so the receipt stays blocked until it is reconciled.
/// </summary>
internal static class ReturnRules
{
    /// <summary>Why scanning the return code of receipt <paramref name="receiptNo"/> starts no return, or null when it may start.</summary>
    public static string? WhyNotStart(
        string thisKioskId,
        string codeKioskId,
        long receiptNo,
        bool customerBusy,
        SaleRecordDocument? original,
        PaymentIntentDocument? unresolvedRefund)
    {
        if (codeKioskId != thisKioskId)
        {
            return $"receipt {receiptNo} was issued by kiosk '{codeKioskId}', not this one";
        }

        if (customerBusy)
        {
            return "finish or cancel the current purchase before a return";
        }

        return original switch
        {
            null => $"no sale with receipt number {receiptNo} in this kiosk's journal",
            { IsReturn: true } => $"receipt {receiptNo} is a return receipt",
            { Returned: true } => $"receipt {receiptNo} was already returned",
            _ when unresolvedRefund is { } open => $"a refund of receipt {receiptNo} ({open.CreatedAt:yyyy-MM-dd HH:mm}) has no known outcome yet; ask the staff",
            _ => null,
        };
    }

    /// <summary>The card payment a return is refunded to; null when the sale was not paid by card (staff handle those).</summary>
    public static PaymentPayload? RefundablePayment(SalePayload sale) =>
        sale.Payments.FirstOrDefault(p => p.Method == "card" && p.TerminalRef is not null);
}
