using System.Globalization;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>Customer invoices and credit notes.</summary>
internal sealed partial class SimulatedAccount
{
    public Invoice GetInvoice(long number)
    {
        lock (_lock)
        {
            return FindInvoice(number);
        }
    }

    public IReadOnlyList<Invoice> Invoices()
    {
        lock (_lock)
        {
            return [.. _data.Invoices];
        }
    }

    /// <summary>
    /// Books an invoice or credit note. An invoice moves on-hand only when the account's stock follows invoices; a credit note puts
    /// stock back only when <paramref name="reverseInventory"/> (the UI's "Should inventory be reversed?", facts #10).
    /// </summary>
    public Invoice BookInvoice(long number, bool reverseInventory)
    {
        lock (_lock)
        {
            var invoice = FindInvoice(number);
            BookInvoiceLocked(invoice, reverseInventory);
            Save();
            return invoice;
        }
    }

    /// <summary>A draft credit note for <paramref name="lines"/> (all lines when null); never more than invoiced and not yet credited.</summary>
    public Invoice CreateCreditNote(long invoiceNumber, JsonArray? lines)
    {
        lock (_lock)
        {
            var invoice = FindInvoice(invoiceNumber);
            if (invoice.IsCreditNote || !invoice.IsBooked)
            {
                throw RackbeatError.Invalid("invoice", "Only booked invoices can be credited.");
            }

            var credited = new List<Line>();
            if (lines is null)
            {
                credited.AddRange(invoice.Lines.Select(l => new Line { ItemId = l.ItemId, Name = l.Name, Quantity = l.Quantity, LinePrice = l.LinePrice, VatPercentage = l.VatPercentage }));
            }
            else
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    var line = lines[i] as JsonObject ?? throw RackbeatError.Invalid($"lines.{i}", "Must be an object.");
                    var item = Text(line, "item_id") ?? throw RackbeatError.Invalid($"lines.{i}.item_id", "The item_id field is required.");
                    var source = invoice.Lines.Find(l => l.ItemId == item) ?? throw RackbeatError.Invalid($"lines.{i}.item_id", "The item is not on the invoice.");
                    var quantity = Number(line["quantity"], $"lines.{i}.quantity") ?? source.Quantity;
                    credited.Add(new Line { ItemId = item, Name = source.Name, Quantity = quantity, LinePrice = source.LinePrice, VatPercentage = source.VatPercentage });
                }
            }

            for (var i = 0; i < credited.Count; i++)
            {
                var item = credited[i].ItemId;
                var invoiced = invoice.Lines.Where(l => l.ItemId == item).Sum(l => l.Quantity);
                var already = _data.Invoices.Where(c => c.IsCreditNote && c.CreditedInvoice == invoiceNumber).SelectMany(c => c.Lines).Where(l => l.ItemId == item).Sum(l => l.Quantity);
                var asked = credited.Where(l => l.ItemId == item).Sum(l => l.Quantity);
                if (credited[i].Quantity <= 0 || already + asked > invoiced)
                {
                    throw RackbeatError.Invalid($"lines.{i}.quantity", string.Create(CultureInfo.InvariantCulture,
                        $"Cannot credit {asked} of {item}: {invoiced} invoiced, {already} already credited."));
                }
            }

            var note = new Invoice
            {
                Number = _data.NextInvoice++,
                CustomerId = invoice.CustomerId,
                IsCreditNote = true,
                CreditedInvoice = invoiceNumber,
                Lines = credited,
                CreatedAt = _time.GetUtcNow(),
            };
            _data.Invoices.Add(note);
            Save();
            return note;
        }
    }

    private void BookInvoiceLocked(Invoice invoice, bool reverseInventory)
    {
        if (invoice.IsBooked)
        {
            throw RackbeatError.Invalid("invoice", "The invoice is already booked.");
        }

        invoice.IsBooked = true;
        invoice.BookCount++;
        if (invoice.IsCreditNote)
        {
            if (reverseInventory)
            {
                invoice.InventoryReversed = true;
                MoveOnHand(invoice.Lines, -1, releaseReservation: false);
            }
        }
        else if (_data.Settings.StockMode == StockMode.Invoice)
        {
            MoveOnHand(invoice.Lines, +1, releaseReservation: invoice.OrderNumber is not null);
        }
    }

    private Invoice FindInvoice(long number) =>
        _data.Invoices.Find(i => i.Number == number) ?? throw RackbeatError.NotFound(string.Create(CultureInfo.InvariantCulture, $"Customer invoice {number}"));
}
