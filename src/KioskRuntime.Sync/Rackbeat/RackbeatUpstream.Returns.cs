using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// A return: a credit note from the sale's invoice for the returned lines, booked with inventory reversal; never more than the sale
/// sold (less what earlier returns credited). A sale that never reached a booked invoice in Rackbeat (refused, or from before the
/// kiosk was linked) is returned with the documented stock-only alternative: an adjustment adding the quantity back.
/// </summary>
public sealed partial class RackbeatUpstream
{
    private async Task<Delivery> ReturnAsync(RackbeatEventDocument record, JsonElement payload, CancellationToken ct)
    {
        var lines = Lines(payload, 1).GroupBy(l => ProductNumber(l.Gtin), StringComparer.Ordinal).Select(g => (Item: g.Key, Quantity: g.Sum(l => l.Quantity))).ToList();
        var sale = payload.TryGetProperty("originalSeq", out var s) && s.TryGetInt64(out var saleSeq) ? Record(saleSeq) : null;
        if (record.CreditNoteNumber is null && record.Adjustments.Count == 0 && record.Pending is null)
        {
            foreach (var (item, quantity) in lines)
            {
                if (sale is not null && sale.Sold.Count > 0)
                {
                    var sold = sale.Sold.GetValueOrDefault(item);
                    var returned = sale.Returned.GetValueOrDefault(item);
                    if (quantity + returned > sold)
                    {
                        return new Delivery.Refused(string.Create(CultureInfo.InvariantCulture,
                            $"return of {quantity} × {item} exceeds the sale (seq {sale.Seq}): {sold} sold, {returned} already returned"));
                    }
                }
            }
        }

        if (sale is not { InvoiceBooked: true, InvoiceId: not null } && record.CreditNoteNumber is null && record.Pending is null)
        {
            if (record.Adjustments.Count == 0)
            {
                record.Adjustments = [.. lines.Select(l => new RackbeatAdjustmentStep
                {
                    Item = l.Item,
                    Delta = l.Quantity,
                    Reason = $"{Category("return")}: {record.Reference} retur kvittering {Text(payload, "receiptNo")}",
                })];
                await SaveAsync(record, ct).ConfigureAwait(false);
            }

            var adjusted = await AdjustAllAsync(record, ct).ConfigureAwait(false);
            if (adjusted is Delivery.Done && sale is not null && !record.ReturnCounted)
            {
                record.ReturnCounted = true;
                await SaveBothAsync(record, sale, s2 => Count(s2, lines), ct).ConfigureAwait(false);
            }

            return adjusted;
        }

        var invoice = sale!.InvoiceId!.Value;
        if (record.CreditNoteNumber is null)
        {
            if (record.Pending == "creditnote")
            {
                var (found, retry) = await FindAsync(Invariant($"customer-invoices?date_from={record.DraftDay ?? Today()}"), "customer_invoices",
                    i => i["is_credit_note"]?.GetValue<bool>() == true && i["credited_invoice_id"]?.GetValue<long>() == invoice && !sale.CreditNotes.Contains(i["number"]!.GetValue<long>()), ct).ConfigureAwait(false);
                if (retry is not null)
                {
                    return retry;
                }

                if (found is not null)
                {
                    await ClaimCreditNoteAsync(record, sale, found["number"]!.GetValue<long>(), ct).ConfigureAwait(false);
                    record.CreditNoteBooked = found["is_booked"]?.GetValue<bool>() == true;
                }
                else
                {
                    await DoneAsync(record, ct).ConfigureAwait(false);
                }
            }

            if (record.CreditNoteNumber is null)
            {
                record.DraftDay = Today();
                var body = new JsonObject { ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["item_id"] = l.Item, ["quantity"] = l.Quantity })]) };
                var (created, failure) = await StepAsync(record, "creditnote", () => _rackbeat.PostAsync(Invariant($"customer-invoices/{invoice}/create-creditnote"), body, ct), ct).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure;
                }

                var number = created?["customer_invoice"]?["number"]?.GetValue<long>() ?? throw new InvalidOperationException("Rackbeat's answer to create-creditnote has no customer_invoice.number");
                await ClaimCreditNoteAsync(record, sale, number, ct).ConfigureAwait(false);
            }
        }

        if (!record.CreditNoteBooked)
        {
            if (record.Pending == "creditbook")
            {
                var (note, readFailure) = await ReadAsync(Invariant($"customer-invoices/{record.CreditNoteNumber}"), "customer_invoice", ct).ConfigureAwait(false);
                if (readFailure is not null)
                {
                    return readFailure;
                }

                record.CreditNoteBooked = note!["is_booked"]?.GetValue<bool>() == true;
            }

            if (!record.CreditNoteBooked)
            {
                // The API name of "Should inventory be reversed?" is not confirmed (facts #10): sandbox checklist.
                var body = new JsonObject { ["reverse_inventory"] = true, ["mail"] = new JsonObject { ["send"] = false } };
                var (_, failure) = await StepAsync(record, "creditbook", () => _rackbeat.PostAsync(Invariant($"customer-invoices/{record.CreditNoteNumber}/book"), body, ct), ct).ConfigureAwait(false);
                if (failure is not null)
                {
                    return failure;
                }
            }

            record.CreditNoteBooked = true;
            record.ReturnCounted = true;
            record.Pending = null;
            await SaveBothAsync(record, sale, s2 => Count(s2, lines), ct).ConfigureAwait(false);
            _logger.LogInformation("Return seq {Seq}: credit note {Note} of invoice {Invoice} booked with inventory reversal", record.Seq, record.CreditNoteNumber, invoice);
        }

        return Delivery.Ok;
    }

    private static void Count(RackbeatEventDocument sale, List<(string Item, decimal Quantity)> lines)
    {
        foreach (var (item, quantity) in lines)
        {
            sale.Returned[item] = sale.Returned.GetValueOrDefault(item) + quantity;
        }
    }

    private async Task ClaimCreditNoteAsync(RackbeatEventDocument record, RackbeatEventDocument sale, long number, CancellationToken ct)
    {
        record.CreditNoteNumber = number;
        record.Pending = null;
        await SaveBothAsync(record, sale, s => s.CreditNotes.Add(number), ct).ConfigureAwait(false);
    }

    /// <summary>The return's record and its sale's record in one journal commit (both or neither).</summary>
    private async Task SaveBothAsync(RackbeatEventDocument record, RackbeatEventDocument sale, Action<RackbeatEventDocument> change, CancellationToken ct)
    {
        change(sale);
        await _journal.CommitAsync(new JournalWrite([], (state, _) =>
        {
            state.Put(Collection, SyncCollections.SeqKey(record.Seq), record);
            state.Put(Collection, SyncCollections.SeqKey(sale.Seq), sale);
        }), ct).ConfigureAwait(false);
    }
}
