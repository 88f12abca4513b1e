using System.Globalization;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Printing;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;

namespace KioskRuntime.Daemon;

/// <summary>
/// Turns a journaled sale or return into the printer's bytes: the Norwegian receipt layout (Salgskvittering / Returkvittering / KOPI),
/// encoded for the printer model the profile names. Pure apart from the profile; the journal is the only source of what is printed.
/// </summary>
internal sealed class ReceiptComposer
{
    private readonly HardwareProfile _profile;
    private readonly PrinterCapabilities _capabilities;
    private readonly ReceiptFormat _format;
    private readonly EscPosEncoder _encoder = new();

    public ReceiptComposer(HardwareProfile profile)
    {
        _profile = profile;
        var printer = profile.Devices.FirstOrDefault(d => d.Kind == DeviceKind.Printer);
        var layout = printer is null ? new PrinterLayoutOptions() : PrinterLayoutOptions.Of(printer);
        _capabilities = layout.Model;
        var format = ReceiptFormat.For(_capabilities) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone) };
        var (columns, paper) = (layout.Columns, layout.PaperWidthMm);
        _format = columns is { } c ? format with { Columns = c } : paper is 58 or 80 ? format with { Columns = ReceiptFormat.ColumnsFor(paper.Value) } : format;
    }

    public PrintJob Compose(SaleRecordDocument sale, bool copy, bool recovered)
    {
        var data = sale.IsReturn ? FromReturn(sale, copy) : FromSale(sale, copy);
        if (recovered)
        {
            data = data with { Footer = [.. data.Footer, "Gjenopprettet etter omstart"] };
        }

        var document = NorwegianReceiptLayout.Compose(data, _format);
        var bytes = _encoder.Encode(document, _capabilities);
        var id = $"r{sale.ReceiptNo.ToString(CultureInfo.InvariantCulture)}{(copy ? "-kopi" : "")}";
        return new PrintJob(id, bytes, $"{(sale.IsReturn ? "Returkvittering" : "Salgskvittering")} {sale.ReceiptNo}{(copy ? " (KOPI)" : "")}");
    }

    /// <summary>The receipt as the printer would print it, rendered as text by the ESC/POS preview (the technician page shows it).</summary>
    public string PreviewText(SaleRecordDocument sale) => ReceiptPreview.Text(Compose(sale, copy: false, recovered: false).Data.Span, _capabilities);

    private ReceiptData FromSale(SaleRecordDocument record, bool copy)
    {
        var sale = EventJson.Deserialize<SalePayload>(record.PayloadJson);
        return Common(record, copy ? ReceiptKind.CopyOfSale : ReceiptKind.Sale) with
        {
            Lines = sale.Lines.Select(Line).ToList(),
            Vat = sale.Vat.Select(Vat).ToList(),
            Total = Money.Parse(sale.Total).Amount,
            Payments = sale.Payments.Select(Payment).ToList(),
            ReturnCode = record.ReturnToken is { } token ? ReturnCode.Format(_profile.KioskId, record.ReceiptNo, token) : null,
        };
    }

    private ReceiptData FromReturn(SaleRecordDocument record, bool copy)
    {
        var ret = EventJson.Deserialize<ReturnPayload>(record.PayloadJson);
        return Common(record, copy ? ReceiptKind.CopyOfReturn : ReceiptKind.Return) with
        {
            Lines = ret.Lines.Select(Line).ToList(),
            Vat = ret.Vat.Select(Vat).ToList(),
            Total = Money.Parse(ret.Total).Amount,
            Payments = ret.Refunds.Select(Payment).ToList(),
            OriginalReceiptNumber = ret.OriginalReceiptNo,
        };
    }

    private ReceiptData Common(SaleRecordDocument record, ReceiptKind kind) => new()
    {
        SellerName = _profile.Seller.Name,
        OrgNumber = _profile.Seller.OrgNumber,
        Address = _profile.Seller.Address,
        RegisterId = _profile.RegisterId,
        ReceiptNumber = record.ReceiptNo,
        Kind = kind,
        At = record.OccurredAt,
    };

    private static ReceiptLine Line(SaleLinePayload l) => new()
    {
        Name = l.Name,
        Quantity = decimal.Parse(l.Qty, CultureInfo.InvariantCulture),
        Unit = l.Unit == "kg" ? "kg" : "stk",
        UnitPrice = Money.Parse(l.UnitPrice).Amount,
        LineTotal = Money.Parse(l.LineTotal).Amount,
        VatRate = VatRate.Parse(l.VatRate).Percent,
    };

    private static Printing.Receipts.Norway.VatLine Vat(VatPayload v) => new()
    {
        Rate = VatRate.Parse(v.Rate).Percent,
        Base = Money.Parse(v.Base).Amount,
        Amount = Money.Parse(v.Amount).Amount,
    };

    private static PaymentLine Payment(PaymentPayload p) => new()
    {
        Method = p.Method switch { "card" => "Kort", "cash" => "Kontant", "voucher" => "Gavekort", var other => other },
        Amount = Money.Parse(p.Amount).Amount,
        CardBrand = p.CardBrand,
        TerminalReference = p.TerminalRef,
    };
}
