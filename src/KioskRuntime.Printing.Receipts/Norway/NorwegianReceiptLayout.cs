using System.Globalization;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>
/// Lays out a Norwegian receipt (kassasystemforskriften § 2-8-2 ff.): headline at double size, seller and org number with MVA,
/// register id, sequential number, Oslo date and time, lines with quantity and price, MVA per rate and in total, total,
/// cash rounding, payments (brand and terminal reference, never a card number), a return code, footer. Stateless.
/// </summary>
public static partial class NorwegianReceiptLayout
{
    /// <summary>The headline for a receipt kind, exactly as printed.</summary>
    public static string Headline(ReceiptKind kind) => kind switch
    {
        ReceiptKind.Sale => "Salgskvittering",
        ReceiptKind.Return => "Returkvittering",
        ReceiptKind.CopyOfSale or ReceiptKind.CopyOfReturn => "KOPI",
        ReceiptKind.Provisional => "Foreløpig kvittering – IKKE KVITTERING FOR KJØP",
        ReceiptKind.Training => "Treningskvittering – IKKE KVITTERING FOR KJØP",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown receipt kind."),
    };

    /// <exception cref="ReceiptDataException">A field is missing or invalid; the exception names it.</exception>
    public static ReceiptDocument Compose(ReceiptData receipt, ReceiptFormat format)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(format);
        Validate(receipt);
        var zone = format.TimeZone ?? Oslo.Value;
        var local = TimeZoneInfo.ConvertTime(receipt.At, zone);
        var e = new List<ReceiptElement>();
        var big = new TextStyle(Bold: true, Width: 2, Height: 2);

        if (format.Logo is not null)
        {
            e.Add(new ImageElement(format.Logo, DitherMode.FloydSteinberg));
        }

        e.Add(new TextLine(Headline(receipt.Kind), TextAlign.Center, big));
        if (receipt.Kind is ReceiptKind.CopyOfSale or ReceiptKind.CopyOfReturn)
        {
            e.Add(new TextLine(receipt.Kind == ReceiptKind.CopyOfSale ? "Kopi av salgskvittering" : "Kopi av returkvittering", TextAlign.Center, TextStyle.Strong));
        }

        e.Add(new FeedElement(1));
        e.Add(new TextLine(receipt.SellerName, TextAlign.Center, TextStyle.Strong));
        foreach (var line in receipt.Address)
        {
            e.Add(new TextLine(line, TextAlign.Center));
        }

        e.Add(new TextLine($"Org.nr {FormatOrgNumber(receipt.OrgNumber)} MVA", TextAlign.Center));
        e.Add(new RuleLine());
        e.Add(new ColumnsLine("Kvittering nr", receipt.ReceiptNumber.ToString(CultureInfo.InvariantCulture)));
        if (receipt.OriginalReceiptNumber is long original)
        {
            e.Add(new ColumnsLine("Gjelder kvittering nr", original.ToString(CultureInfo.InvariantCulture)));
        }

        e.Add(new ColumnsLine("Kasse", receipt.RegisterId));
        e.Add(new ColumnsLine("Dato", local.ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture)));
        e.Add(new RuleLine());
        AddLines(e, receipt);
        e.Add(new RuleLine());
        AddTotals(e, receipt);
        AddVat(e, receipt, format.Columns);
        AddPayments(e, receipt);
        AddReturnCode(e, receipt, format);
        if (receipt.Footer.Count > 0)
        {
            e.Add(new FeedElement(1));
            foreach (var line in receipt.Footer)
            {
                e.Add(new TextLine(line, TextAlign.Center));
            }
        }

        if (receipt.Kind is ReceiptKind.CopyOfSale or ReceiptKind.CopyOfReturn or ReceiptKind.Provisional or ReceiptKind.Training)
        {
            // Repeat the marking at the bottom so a torn-off half still says what it is.
            e.Add(new TextLine(Headline(receipt.Kind), TextAlign.Center, TextStyle.Strong));
        }

        e.Add(new FeedElement(2));
        if (format.Cut)
        {
            e.Add(new CutElement(Partial: true));
        }

        return new ReceiptDocument(format.Columns, e);
    }

    private static readonly Lazy<TimeZoneInfo> Oslo = new(() => TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"));

    private static void AddLines(List<ReceiptElement> e, ReceiptData receipt)
    {
        foreach (var line in receipt.Lines)
        {
            e.Add(new ColumnsLine(line.Name, NokFormat.Amount(line.LineTotal)));
            if (string.Equals(line.Unit, "kg", StringComparison.OrdinalIgnoreCase))
            {
                e.Add(new TextLine($"  {NokFormat.Quantity(line.Quantity, 3)} kg x {NokFormat.Amount(line.UnitPrice)} kr/kg"));
            }
            else if (line.Quantity != 1m)
            {
                e.Add(new TextLine($"  {NokFormat.Number(line.Quantity)} {line.Unit} x {NokFormat.Amount(line.UnitPrice)}"));
            }
        }
    }

    private static void AddTotals(List<ReceiptElement> e, ReceiptData receipt)
    {
        var total = new TextStyle(Bold: true);
        if (receipt.Rounding is decimal rounding && rounding != 0m)
        {
            e.Add(new ColumnsLine("Sum før avrunding", NokFormat.Kroner(receipt.Total)));
            e.Add(new ColumnsLine("Øreavrunding", NokFormat.Amount(rounding)));
            e.Add(new ColumnsLine("Å betale", NokFormat.Kroner(receipt.Total + rounding), total));
        }
        else
        {
            e.Add(new ColumnsLine("Totalt", NokFormat.Kroner(receipt.Total), total));
        }
    }

    private static void AddVat(List<ReceiptElement> e, ReceiptData receipt, int columns)
    {
        if (receipt.Vat.Count == 0)
        {
            return;
        }

        var cell = columns >= 40 ? 12 : 10;
        e.Add(new FeedElement(1));
        e.Add(new ColumnsLine("MVA-sats", "Grunnlag".PadLeft(cell) + "MVA".PadLeft(cell)));
        foreach (var vat in receipt.Vat)
        {
            e.Add(new ColumnsLine($"{NokFormat.Number(vat.Rate)} %", NokFormat.Amount(vat.Base).PadLeft(cell) + NokFormat.Amount(vat.Amount).PadLeft(cell)));
        }

        e.Add(new ColumnsLine("Sum", NokFormat.Amount(receipt.Vat.Sum(v => v.Base)).PadLeft(cell) + NokFormat.Amount(receipt.Vat.Sum(v => v.Amount)).PadLeft(cell)));
    }

    private static void AddPayments(List<ReceiptElement> e, ReceiptData receipt)
    {
        if (receipt.Payments.Count == 0)
        {
            return;
        }

        e.Add(new FeedElement(1));
        foreach (var payment in receipt.Payments)
        {
            var method = string.IsNullOrWhiteSpace(payment.CardBrand) ? payment.Method : $"{payment.Method} {payment.CardBrand}";
            e.Add(new ColumnsLine(method, NokFormat.Kroner(payment.Amount)));
            if (!string.IsNullOrWhiteSpace(payment.TerminalReference))
            {
                e.Add(new TextLine($"  Terminal-ref: {payment.TerminalReference}"));
            }
        }
    }

    private static void AddReturnCode(List<ReceiptElement> e, ReceiptData receipt, ReceiptFormat format)
    {
        if (string.IsNullOrEmpty(receipt.ReturnCode) || receipt.Kind is ReceiptKind.Provisional or ReceiptKind.Training)
        {
            return;
        }

        e.Add(new FeedElement(1));
        e.Add(new TextLine("Skann koden for retur", TextAlign.Center));
        e.Add(format.ReturnCode == ReturnCodeStyle.Qr
            ? new QrElement(receipt.ReturnCode, ModuleSize: format.Columns <= 32 ? 4 : 6)
            : new BarcodeElement(BarcodeSymbology.Code128, receipt.ReturnCode, HeightDots: 64));
    }
}
