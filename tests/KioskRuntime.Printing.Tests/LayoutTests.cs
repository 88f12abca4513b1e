using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;

namespace KioskRuntime.Printing.Tests;

public sealed class LayoutTests
{
    private static string Render(ReceiptData data, string profile = "epson-tm-t88v")
    {
        var caps = PrinterCapabilities.Get(profile);
        var bytes = new EscPosEncoder().Encode(NorwegianReceiptLayout.Compose(data, ReceiptFormat.For(caps)), caps);
        return ReceiptTextRenderer.Render(EscPosDecoder.Decode(bytes, caps.Dialect), caps.Columns);
    }

    [Theory]
    [InlineData(ReceiptKind.Sale, "Salgskvittering")]
    [InlineData(ReceiptKind.Return, "Returkvittering")]
    [InlineData(ReceiptKind.CopyOfSale, "KOPI")]
    [InlineData(ReceiptKind.CopyOfReturn, "KOPI")]
    [InlineData(ReceiptKind.Provisional, "Foreløpig kvittering – IKKE KVITTERING FOR KJØP")]
    [InlineData(ReceiptKind.Training, "Treningskvittering – IKKE KVITTERING FOR KJØP")]
    public void Headline_comes_first_at_double_size(ReceiptKind kind, string headline)
    {
        var doc = NorwegianReceiptLayout.Compose(SampleReceipts.Sale(kind), new ReceiptFormat { Columns = 42 });
        var first = Assert.IsType<TextLine>(doc.Elements[0]);
        Assert.Equal(headline, first.Text);
        Assert.True(first.Style.Height >= 2 && first.Style.Width >= 2, "headline must be at least 50 % larger than amounts");
        Assert.All(doc.Elements.OfType<ColumnsLine>(), l => Assert.True(EscPosEncoder.Normalize(l.Style).Height == 1));
    }

    [Fact]
    public void Sale_shows_the_required_fields_in_norwegian_format()
    {
        var text = Render(SampleReceipts.Sale());
        Assert.Contains("Org.nr 123 456 789 MVA", text, StringComparison.Ordinal);
        Assert.Contains("Kvittering nr", text, StringComparison.Ordinal);
        Assert.Contains("4711", text, StringComparison.Ordinal);
        Assert.Contains("KIOSK-01", text, StringComparison.Ordinal);
        // 23:30:05 UTC on 27 Nov is 00:30:05 on 28 Nov in Oslo (CET, UTC+1).
        Assert.Contains("28.11.2026 00:30:05", text, StringComparison.Ordinal);
        Assert.Contains("0,532 kg x 39,90 kr/kg", text, StringComparison.Ordinal);
        Assert.Contains("3 stk x 409,50", text, StringComparison.Ordinal);
        Assert.Contains("kr 1 274,63", text, StringComparison.Ordinal);
        Assert.Contains("1 108,29", text, StringComparison.Ordinal);
        Assert.Contains("Kort Visa", text, StringComparison.Ordinal);
        Assert.Contains("Terminal-ref: A1B2-778899", text, StringComparison.Ordinal);
        Assert.Contains("[QR: R-KIOSK01-4711]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_lines_fill_the_paper_exactly()
    {
        var text = Render(SampleReceipts.Sale(), "generic-58mm");
        var total = text.Split('\n').Single(l => l.StartsWith("Totalt", StringComparison.Ordinal));
        Assert.Equal(32, total.Length);
        Assert.EndsWith("kr 1 274,63", total, StringComparison.Ordinal);
    }

    [Fact]
    public void Cash_rounding_is_shown_with_the_amount_to_pay()
    {
        var data = SampleReceipts.Sale() with { Rounding = 0.37m, Payments = [new PaymentLine { Method = "Kontant", Amount = 1275m }] };
        var text = Render(data);
        Assert.Contains("Øreavrunding", text, StringComparison.Ordinal);
        Assert.Contains("kr 1 275,00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Return_refers_to_the_original_sale_and_requires_it()
    {
        Assert.Contains("Gjelder kvittering nr", Render(SampleReceipts.Sale(ReceiptKind.Return)), StringComparison.Ordinal);
        var e = Assert.Throws<ReceiptDataException>(() => NorwegianReceiptLayout.Compose(
            SampleReceipts.Sale(ReceiptKind.Return) with { OriginalReceiptNumber = null }, new ReceiptFormat()));
        Assert.Equal("OriginalReceiptNumber", e.Field);
    }

    [Theory]
    [InlineData("12345678", "OrgNumber")]
    [InlineData("12345678X", "OrgNumber")]
    public void Bad_org_number_is_refused(string org, string field)
    {
        var e = Assert.Throws<ReceiptDataException>(() => NorwegianReceiptLayout.Compose(SampleReceipts.Sale() with { OrgNumber = org }, new ReceiptFormat()));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void A_card_number_in_the_brand_or_method_is_refused()
    {
        var data = SampleReceipts.Sale() with
        {
            Payments = [new PaymentLine { Method = "Kort", Amount = 1, CardBrand = "Visa 4111 1111 1111 1111" }],
        };
        var e = Assert.Throws<ReceiptDataException>(() => NorwegianReceiptLayout.Compose(data, new ReceiptFormat()));
        Assert.Equal("Payments[0]", e.Field);
    }

    [Fact]
    public void A_sixteen_digit_terminal_reference_is_printed()
    {
        // PSP references (Adyen pspReference) are 16 digits and some pass Luhn: they are references, not card numbers.
        var data = SampleReceipts.Sale() with
        {
            Payments = [new PaymentLine { Method = "Kort", Amount = 1, CardBrand = "Visa", TerminalReference = "4111111111111111" }],
        };
        Assert.Contains(NorwegianReceiptLayout.Compose(data, new ReceiptFormat()).Elements.OfType<TextLine>(), l => l.Text.Contains("4111111111111111", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_line_names_the_line()
    {
        var data = SampleReceipts.Sale() with { Lines = [SampleReceipts.Sale().Lines[0] with { Unit = "liter" }] };
        var e = Assert.Throws<ReceiptDataException>(() => NorwegianReceiptLayout.Compose(data, new ReceiptFormat()));
        Assert.Equal("Lines[0].Unit", e.Field);
    }

    [Fact]
    public void Copies_are_marked_kopi_at_top_and_bottom()
    {
        var lines = Render(SampleReceipts.Sale(ReceiptKind.CopyOfSale)).Split('\n');
        Assert.Equal(2, lines.Count(l => l.Trim() is "K O P I" or "KOPI"));
    }
}
