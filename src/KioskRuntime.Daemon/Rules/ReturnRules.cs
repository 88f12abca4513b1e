using System.Globalization;
using KioskRuntime.Barcodes;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Daemon.Rules;

/// <summary>
/// Which returns an unattended kiosk accepts. Pure: the caller looks up the original sale and any refund of it in the journal.
/// A return needs the receipt's unguessable return code (its token matches the one journaled with the sale), falls inside the profile's
/// window, gets every item scanned back (only what was sold, at most what was sold) and, above the profile's amount, a staff approval.
/// A refund whose outcome is not known may already have given the money back, so the receipt stays blocked until it is reconciled.
/// </summary>
internal static class ReturnRules
{
    /// <summary>Why scanning this return code starts no return, or null when it may start.</summary>
    public static string? WhyNotStart(
        string thisKioskId,
        string codeKioskId,
        long receiptNo,
        string token,
        bool customerBusy,
        SaleRecordDocument? original,
        PaymentIntentDocument? unresolvedRefund,
        DateTimeOffset now,
        ReturnPolicy policy)
    {
        if (codeKioskId != thisKioskId)
        {
            return $"receipt {receiptNo} was issued by kiosk '{codeKioskId}', not this one";
        }

        if (customerBusy)
        {
            return "finish or cancel the current purchase before a return";
        }

        // One answer for "no such receipt" and "wrong token": a guesser learns nothing about which receipt numbers exist.
        if (original is null || original.IsReturn || !ReturnCode.TokenMatches(original.ReturnToken, token))
        {
            return $"the return code for receipt {receiptNo} is not valid at this kiosk";
        }

        if (original.Returned)
        {
            return $"receipt {receiptNo} was already returned";
        }

        if (now - original.OccurredAt > policy.Window)
        {
            var days = ((int)policy.Window.TotalDays).ToString(CultureInfo.InvariantCulture);
            return $"receipt {receiptNo} is from {original.OccurredAt:yyyy-MM-dd}: returns are accepted for {days} days; ask the staff";
        }

        return unresolvedRefund is { } open
            ? $"a refund of receipt {receiptNo} ({open.CreatedAt:yyyy-MM-dd HH:mm}) has no known outcome yet; ask the staff"
            : null;
    }

    /// <summary>
    /// One item scanned back: the index of the sale line it counts against and how much, or why it does not count. A piece counts one;
    /// a weighed line comes back whole with its label.
    /// </summary>
    public static (int Line, decimal Quantity, string? Refusal) ScanBack(long receiptNo, IReadOnlyList<SaleLinePayload> lines, IReadOnlyList<decimal> scanned, Gtin gtin)
    {
        var matching = Enumerable.Range(0, lines.Count).Where(i => SameGtin(lines[i].Gtin, gtin)).ToList();
        if (matching.Count == 0)
        {
            return (-1, 0m, $"{gtin} was not sold on receipt {receiptNo}");
        }

        foreach (var i in matching)
        {
            var sold = Quantity(lines[i]);
            var left = sold - scanned[i];
            if (left > 0m)
            {
                return (i, lines[i].Unit == "kg" ? left : Math.Min(1m, left), null);
            }
        }

        var line = lines[matching[0]];
        return (-1, 0m, $"all {line.Qty} of {line.Name} from receipt {receiptNo} are already scanned back");
    }

    /// <summary>Why checkout does not refund this return yet, or null when it may.</summary>
    public static string? WhyNotRefund(long receiptNo, IReadOnlyList<SaleLinePayload> lines, IReadOnlyList<decimal> scanned, Money total, string? approvedBy, ReturnPolicy policy)
    {
        var missing = Enumerable.Range(0, lines.Count)
            .Where(i => scanned[i] < Quantity(lines[i]))
            .Select(i => $"{(Quantity(lines[i]) - scanned[i]).ToString("0.###", CultureInfo.InvariantCulture)} x {lines[i].Name}")
            .ToList();
        if (missing.Count > 0)
        {
            return $"scan every item of receipt {receiptNo} back first; missing: {string.Join(", ", missing)}";
        }

        return NeedsApproval(total, policy) && approvedBy is null
            ? $"a refund of {total.ToContractString()} needs a staff approval: present a staff card"
            : null;
    }

    /// <summary>Whether a refund of <paramref name="total"/> needs a staff approval under <paramref name="policy"/>.</summary>
    public static bool NeedsApproval(Money total, ReturnPolicy policy) => total.Amount > policy.ApprovalAbove || policy.ApprovalAbove == 0m;

    /// <summary>The card payment a return is refunded to; null when the sale was not paid by card (staff handle those).</summary>
    public static PaymentPayload? RefundablePayment(SalePayload sale) =>
        sale.Payments.FirstOrDefault(p => p.Method == "card" && p.TerminalRef is not null);

    private static decimal Quantity(SaleLinePayload line) => decimal.Parse(line.Qty, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static bool SameGtin(string text, Gtin gtin) => Gtin.TryParse(text, out var g, out _) && g == gtin;
}
