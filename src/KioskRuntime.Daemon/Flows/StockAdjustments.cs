using System.Globalization;
using KioskRuntime.Barcodes;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>Stock adjustments (goods received in staff mode, <c>kioskctl stock adjust</c>): each business event one transaction. No state.</summary>
internal sealed class StockAdjustments(KioskJournal journal, IUpstreamLink upstream, TimeProvider time, ILogger<StockAdjustments> logger)
{
    public static IReadOnlyList<string> Reasons { get; } = ["count", "damage", "theft", "received", "other"];

    /// <summary>One business event (a receiving, a correction): its adjustments and the local stock in one transaction.</summary>
    public async Task<IReadOnlyList<JournalEntry>> CommitAsync(IReadOnlyList<StockAdjustmentPayload> adjustments, DateTimeOffset at, CancellationToken ct)
    {
        IReadOnlyList<string> anomalies = [];
        var entries = await journal.CommitAsync(
            new JournalWrite(
                adjustments.Select(a => new NewEvent(EventTypes.StockAdjustment, EventJson.Serialize(a), at)).ToList(),
                (state, _) => anomalies = SaleLedger.ApplyStock(
                    state,
                    adjustments.GroupBy(a => a.Gtin).ToDictionary(g => g.Key, g => g.Sum(a => decimal.Parse(a.Delta, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))),
                    at)),
            ct).ConfigureAwait(false);
        upstream.Nudge();
        SaleLedger.LogAnomalies(logger, anomalies, entries[0].Seq);
        return entries;
    }

    /// <summary>One adjustment by a named member of staff, checked first (GTIN in the catalog, quantity, reason).</summary>
    public async Task<CheckoutOutcome> AdjustAsync(string gtinText, decimal delta, string reason, string staffId, CancellationToken ct)
    {
        if (!Gtin.TryParse(gtinText, out var gtin, out var error))
        {
            return new CheckoutOutcome(false, $"'{gtinText}' is not a GTIN: {error}");
        }

        if (journal.GetState<CatalogDocument>(StateCollections.Catalog, gtin.ToString()) is null)
        {
            return new CheckoutOutcome(false, $"unknown product {gtin}: not in the local catalog");
        }

        if (delta == 0 || decimal.Round(delta, 3) != delta || CatalogLimits.WhyNotStock(delta) is not null)
        {
            return new CheckoutOutcome(false, $"{delta} is not an adjustment: give a non-zero quantity with at most 3 decimals, at most {CatalogLimits.MaxStock:0} either way");
        }

        if (!Reasons.Contains(reason))
        {
            return new CheckoutOutcome(false, $"'{reason}' is not a reason; expected one of: {string.Join(", ", Reasons)}");
        }

        if (string.IsNullOrWhiteSpace(staffId))
        {
            return new CheckoutOutcome(false, "a stock adjustment names who made it (staff id)");
        }

        var payload = new StockAdjustmentPayload(gtin.ToString(), ContractFormat.Quantity(delta), reason, staffId);
        var entries = await CommitAsync([payload], time.GetUtcNow(), ct).ConfigureAwait(false);
        logger.LogInformation("Stock adjustment {Delta} of {Gtin} ({Reason}) by {Staff} journaled as seq {Seq}", payload.Delta, payload.Gtin, payload.Reason, payload.StaffId, entries[0].Seq);
        return new CheckoutOutcome(true, $"stock of {gtin} adjusted by {payload.Delta} ({payload.Reason})", entries[0].Seq);
    }
}
