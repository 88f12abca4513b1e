using System.Globalization;
using System.Xml;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Reports.Saft;

internal sealed partial class SaftExporter
{
    /// <summary>Journal event types that are the cash transactions themselves or payment internals, not SAF-T events.</summary>
    private static readonly HashSet<string> NotEvents =
        [EventTypes.Sale, EventTypes.Return, EventTypes.PaymentIntent, EventTypes.PaymentOutcome];

    private long WriteEvents(XmlWriter xml, DateOnly from, DateOnly to)
    {
        long count = 0;
        foreach (var entry in readJournal())
        {
            if (NotEvents.Contains(entry.Type) || !InPeriod(entry, from, to))
            {
                continue;
            }

            var (type, transId, empId, text) = SaftEventMap.Map(entry);
            var at = FiscalSignature.NorwegianTime(entry.OccurredAt);
            xml.WriteStartElement("event");
            xml.WriteElementString("eventID", entry.Seq.ToString(Inv));
            xml.WriteElementString("eventType", type);
            if (transId is not null)
            {
                xml.WriteElementString("transID", transId);
            }

            if (empId is not null)
            {
                xml.WriteElementString("empID", Trim(empId, 35));
            }

            xml.WriteElementString("eventDate", at.ToString("yyyy-MM-dd", Inv));
            xml.WriteElementString("eventTime", at.ToString("HH:mm:ss", Inv));
            if (text is not null)
            {
                xml.WriteElementString("eventText", Trim(text, 9999));
            }

            xml.WriteEndElement();
            count++;
        }

        return count;
    }

    private long WriteTransactions(XmlWriter xml, DateOnly from, DateOnly to, MasterData master)
    {
        long count = 0;
        foreach (var entry in readJournal())
        {
            if (!FiscalTransaction.IsSigned(entry.Type) || !InPeriod(entry, from, to))
            {
                continue;
            }

            var fiscal = FiscalTransaction.Read(entry.Type, entry.PayloadJson);
            var isReturn = entry.Type == EventTypes.Return;
            IReadOnlyList<SaleLinePayload> lines;
            IReadOnlyList<VatPayload> vat;
            IReadOnlyList<PaymentPayload> payments;
            if (isReturn)
            {
                var r = EventJson.Deserialize<ReturnPayload>(entry.PayloadJson);
                (lines, vat, payments) = (r.Lines, r.Vat, r.Refunds);
            }
            else
            {
                var s = EventJson.Deserialize<SalePayload>(entry.PayloadJson);
                (lines, vat, payments) = (s.Lines, s.Vat, s.Payments);
            }

            WriteTransaction(xml, entry, fiscal, isReturn, lines, vat, payments, master.Copies.GetValueOrDefault(fiscal.Nr));
            count++;
        }

        return count;
    }

    private void WriteTransaction(
        XmlWriter xml, JournalEntry entry, FiscalTransaction fiscal, bool isReturn,
        IReadOnlyList<SaleLinePayload> lines, IReadOnlyList<VatPayload> vat, IReadOnlyList<PaymentPayload> payments, int copies)
    {
        var sign = isReturn ? -1m : 1m;
        var side = isReturn ? "D" : "C";
        var at = FiscalSignature.NorwegianTime(entry.OccurredAt);
        var date = at.ToString("yyyy-MM-dd", Inv);
        var clock = at.ToString("HH:mm:ss", Inv);
        var nr = fiscal.Nr.ToString(Inv);
        xml.WriteStartElement("cashtransaction");
        xml.WriteElementString("nr", nr);
        xml.WriteElementString("transID", nr);
        xml.WriteElementString("transType", isReturn ? "RETURNSAL" : "CASHSAL");
        xml.WriteElementString("transAmntIn", FiscalSignature.Amount(fiscal.AmountInclVat));
        xml.WriteElementString("transAmntEx", FiscalSignature.Amount(fiscal.AmountExclVat));
        xml.WriteElementString("amntTp", side);
        xml.WriteElementString("transDate", date);
        xml.WriteElementString("transTime", clock);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var rate = Dec(line.VatRate);
            var amountIn = sign * Dec(line.LineTotal);
            var amountEx = decimal.Round(amountIn / (1 + rate / 100m), 2, MidpointRounding.AwayFromZero);
            xml.WriteStartElement("ctLine");
            xml.WriteElementString("nr", nr);
            xml.WriteElementString("lineID", (i + 1).ToString(Inv));
            xml.WriteElementString("lineType", isReturn ? "RET" : "SAL");
            xml.WriteElementString("artID", line.Gtin);
            xml.WriteElementString("qnt", (sign * Dec(line.Qty)).ToString("0.######", Inv));
            xml.WriteElementString("lineAmntIn", FiscalSignature.Amount(amountIn));
            xml.WriteElementString("lineAmntEx", FiscalSignature.Amount(amountEx));
            xml.WriteElementString("amntTp", side);
            xml.WriteElementString("ppu", Dec(line.UnitPrice).ToString("0.00####", Inv));
            xml.WriteElementString("lineDate", date);
            xml.WriteElementString("lineTime", clock);
            WriteVat(xml, rate, amountIn - amountEx, amountEx, side);
            xml.WriteEndElement();
        }

        foreach (var v in vat)
        {
            WriteVat(xml, Dec(v.Rate), sign * Dec(v.Amount), sign * Dec(v.Base), side);
        }

        xml.WriteStartElement("rounding");
        xml.WriteElementString("roundingAmnt", "0.00"); // card payments are not rounded; the kiosk takes no cash
        xml.WriteEndElement();
        foreach (var p in payments)
        {
            xml.WriteStartElement("payment");
            xml.WriteElementString("paymentType", "CARD");
            xml.WriteElementString("paidAmnt", FiscalSignature.Amount(sign * Dec(p.Amount)));
            xml.WriteElementString("curCode", company.Currency);
            xml.WriteElementString("exchRt", "1.000000");
            if (p.TerminalRef is { Length: > 0 } reference)
            {
                xml.WriteElementString("paymentRefID", Trim(p.CardBrand is null ? reference : $"{p.CardBrand}: {reference}", 999));
            }

            xml.WriteEndElement();
        }

        xml.WriteElementString("signature", fiscal.Signature ?? "");
        xml.WriteElementString("keyVersion", (fiscal.KeyVersion ?? 0).ToString(Inv));
        xml.WriteElementString("receiptNum", "1");
        xml.WriteElementString("receiptCopyNum", Math.Min(copies, 999).ToString(Inv));
        xml.WriteElementString("receiptProformaNum", "0");
        xml.WriteElementString("receiptDeliveryNum", "0");
        xml.WriteElementString("voidTransaction", "false");
        xml.WriteElementString("trainingID", "false");
        xml.WriteEndElement();
    }

    private static void WriteVat(XmlWriter xml, decimal rate, decimal amount, decimal basis, string side)
    {
        xml.WriteStartElement("vat");
        xml.WriteElementString("vatCode", SaftCodes.StandardVatCode(rate));
        xml.WriteElementString("vatPerc", SaftCodes.Rate(rate));
        xml.WriteElementString("vatAmnt", FiscalSignature.Amount(amount));
        xml.WriteElementString("vatAmntTp", side);
        xml.WriteElementString("vatBasAmnt", FiscalSignature.Amount(basis));
        xml.WriteEndElement();
    }

    private static decimal Dec(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
