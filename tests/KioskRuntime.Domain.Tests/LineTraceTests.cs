using System.Text.Json;
using KioskRuntime.Domain;

namespace KioskRuntime.Domain.Tests;

/// <summary>The GS1 trace on sale lines is additive: old journal documents read and write back byte for byte.</summary>
public sealed class LineTraceTests
{
    [Fact]
    public void A_sale_journaled_before_the_trace_fields_reads_and_serialises_unchanged()
    {
        const string old = """{"receiptNo":3,"currency":"NOK","lines":[{"gtin":"07038600022507","name":"Epler","qty":"0.532","unitPrice":"39.90","vatRate":"15","lineTotal":"21.23","unit":"kg"}],"total":"21.23","vat":[{"rate":"15","base":"18.46","amount":"2.77"}],"payments":[{"method":"card","amount":"21.23","terminalRef":"T1","cardBrand":"Visa"}],"registerId":"K1"}""";
        var sale = EventJson.Deserialize<SalePayload>(old);
        var line = Assert.Single(sale.Lines);
        Assert.Equal(("0.532", "kg", null, null, null), (line.Qty, line.Unit, line.Lot, line.Serial, line.UseBy));
        Assert.Equal(old, EventJson.Serialize(sale));
    }

    [Fact]
    public void A_traced_weighed_line_carries_weight_unit_price_label_price_lot_and_dates()
    {
        var cart = new Cart();
        var apples = MoneyAndVatTests.Product("07038600022507", "Epler", "39.90", 15) with { Unit = SalesUnit.Kilograms };
        var trace = new LineTrace("L7", null, new DateOnly(2027, 1, 31), null, null);
        cart.AddWeighedAtLabelPrice(apples, 1.250m, Money.Of(49.90m), trace);
        var line = SaleComposer.ToLine(cart.Lines[0]);
        Assert.Equal(("1.25", "kg", "39.90", "49.90", "L7", "2027-01-31"), (line.Qty, line.Unit, line.UnitPrice, line.LineTotal, line.Lot, line.UseBy));
        using var doc = JsonDocument.Parse(EventJson.Serialize(line));
        Assert.False(doc.RootElement.TryGetProperty("serial", out _)); // absent fields are left out, not null
    }

    [Fact]
    public void Counted_items_merge_only_with_the_same_lot_and_never_when_serialised()
    {
        var cart = new Cart();
        var jam = MoneyAndVatTests.Product("07038010001659", "Syltetøy", "39.90", 15);
        cart.AddPieces(jam);
        cart.AddPieces(jam, 1, new LineTrace(null, null, null, null, null)); // an empty trace is no trace
        cart.AddPieces(jam, 1, new LineTrace("A", null, null, null, null));
        cart.AddPieces(jam, 1, new LineTrace("A", null, null, null, null));
        cart.AddPieces(jam, 1, new LineTrace("A", "S1", null, null, null));
        cart.AddPieces(jam, 1, new LineTrace("A", "S2", null, null, null));
        Assert.Equal([2m, 2m, 1m, 1m], cart.Lines.Select(l => l.Quantity));
        Assert.True(cart.HoldsSerial(jam.Gtin, "S2"));
        Assert.False(cart.HoldsSerial(jam.Gtin, "S3"));
    }
}
