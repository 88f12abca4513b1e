using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>Payloads of the known event types. Fields the contract lists are required; extra fields are ignored.</summary>
internal static partial class EventParser
{
    private const string StoreCurrencyText = "NOK";

    // In ordinal order, as the error messages list them.
    private static readonly string[] AdjustmentReasons = ["count", "damage", "other", "received", "theft"];
    private static readonly string[] PaymentMethods = ["card", "cash", "voucher"];

    private static readonly FieldPath Lines = new("payload.lines");
    private static readonly FieldPath Vat = new("payload.vat");
    private static readonly FieldPath Payments = new("payload.payments");
    private static readonly FieldPath Refunds = new("payload.refunds");

    private static SalePayload ParseSale(EventFields fields, EventCapture c)
    {
        fields.RequireReceiptNumber(c.ReceiptNo, new FieldPath("payload.receiptNo"));
        var currency = fields.RequireString(c.Currency, new FieldPath("payload.currency"));
        var currencyText = currency.SequenceEqual("NOK"u8) ? StoreCurrencyText : fields.Decode(currency);
        var lines = ParseLines(fields, c);
        var total = fields.RequireMoney(c.Total, new FieldPath("payload.total"));
        ParseVat(fields, c);
        ParsePayments(fields, c, Payments);
        return new SalePayload(currencyText, lines, total);
    }

    private static ReturnPayload ParseReturn(EventFields fields, EventCapture c)
    {
        fields.RequireReceiptNumber(c.ReceiptNo, new FieldPath("payload.receiptNo"));
        var originalId = fields.RequireGuid(c.OriginalId, new FieldPath("payload.originalId"));
        var originalSeq = fields.RequirePositiveInteger(c.OriginalSeq, new FieldPath("payload.originalSeq"));
        var lines = ParseLines(fields, c);
        var total = fields.RequireMoney(c.Total, new FieldPath("payload.total"));
        ParseVat(fields, c);
        ParsePayments(fields, c, Refunds);
        return new ReturnPayload(originalId, originalSeq, lines, total);
    }

    private static StockAdjustmentPayload ParseStockAdjustment(EventFields fields, EventCapture c)
    {
        var gtin = fields.RequireGtin(c.Gtin, new FieldPath("payload.gtin"), c.Gtins);
        var delta = fields.RequireQuantity(c.Delta, new FieldPath("payload.delta"), signed: true);
        var reason = fields.RequireString(c.Reason, new FieldPath("payload.reason"));
        var known = OneOf(reason, AdjustmentReasons)
                    ?? throw new MalformedEventException(
                        $"payload.reason: must be one of {string.Join(", ", AdjustmentReasons)}, got \"{Clip(fields.Decode(reason))}\"");
        fields.RequireString(c.StaffId, new FieldPath("payload.staffId"));
        return new StockAdjustmentPayload(gtin, delta, known);
    }

    private static EventLine[] ParseLines(EventFields fields, EventCapture c)
    {
        var items = c.LineItems;
        fields.RequireArray(c.Lines, items.Count, Lines, minLength: 1);
        var lines = new EventLine[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = Lines[i];
            fields.RequireObject(item.Element, at);
            var qty = fields.RequireQuantity(item.Qty, at.Dot("qty"), signed: false);
            if (qty == 0m)
            {
                throw new MalformedEventException($"{at}.qty: must be greater than zero");
            }

            var gtin = fields.RequireGtin(item.Gtin, at.Dot("gtin"), c.Gtins);
            fields.RequireString(item.Name, at.Dot("name"));
            var unitPrice = fields.RequireMoney(item.UnitPrice, at.Dot("unitPrice"));
            fields.RequireDecimalString(item.VatRate, at.Dot("vatRate"));
            var lineTotal = fields.RequireMoney(item.LineTotal, at.Dot("lineTotal"));
            lines[i] = new EventLine(gtin, qty, unitPrice, lineTotal);
        }

        return lines;
    }

    private static void ParseVat(EventFields fields, EventCapture c)
    {
        var items = c.VatItems;
        fields.RequireArray(c.Vat, items.Count, Vat, minLength: 0);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = Vat[i];
            fields.RequireObject(item.Element, at);
            fields.RequireDecimalString(item.Rate, at.Dot("rate"));
            fields.RequireMoney(item.Base, at.Dot("base"));
            fields.RequireMoney(item.Amount, at.Dot("amount"));
        }
    }

    private static void ParsePayments(EventFields fields, EventCapture c, FieldPath path)
    {
        var items = c.PaymentItems;
        fields.RequireArray(c.Payments, items.Count, path, minLength: 0);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = path[i];
            fields.RequireObject(item.Element, at);
            if (item.CardDataName.Kind != JsonTokenType.None)
            {
                throw new MalformedEventException(
                    $"{at}.{fields.StringOf(item.CardDataName)}: card data must never appear in an event (the event is not stored as received)",
                    holdsCardData: true);
            }

            var method = fields.RequireString(item.Method, at.Dot("method"));
            if (OneOf(method, PaymentMethods) is null)
            {
                throw new MalformedEventException(
                    $"{at}.method: must be one of {string.Join(", ", PaymentMethods)}, got \"{Clip(fields.Decode(method))}\"");
            }

            fields.RequireMoney(item.Amount, at.Dot("amount"));
        }
    }

    /// <summary>The listed word that the UTF-8 text spells exactly, or null.</summary>
    private static string? OneOf(ReadOnlySpan<byte> text, string[] words)
    {
        foreach (var word in words)
        {
            if (System.Text.Ascii.Equals(text, word))
            {
                return word;
            }
        }

        return null;
    }
}
