using KioskRuntime.BackOffice.Contract;
using System.Collections.Frozen;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Tests.Legacy;

// The JsonDocument-based reader as it was before the single-pass Utf8JsonReader one (commit 6c5e768), kept unchanged as
// the oracle of ParserEquivalenceTests: the new reader must accept, reject and word its errors exactly like this one.

/// <summary>Payloads of the known event types. Fields the contract lists are required; extra fields are ignored.</summary>
internal static partial class EventParser
{
    private static readonly FrozenSet<string> AdjustmentReasons =
        new[] { "count", "damage", "theft", "received", "other" }.ToFrozenSet(StringComparer.Ordinal);

    // The contract: "No card number, masked or not, and no cardholder data ever appear in an event." Names, not values,
    // are checked: a value test (13-19 digits passing Luhn) would also hit one in ten numeric terminal references.
    private static readonly FrozenSet<string> CardDataFields = new[]
    {
        "pan", "cardNumber", "maskedPan", "maskedCardNumber", "cardholderName", "cardHolder", "track1", "track2",
        "expiry", "expiryDate", "cvv", "cvc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> PaymentMethods = new[] { "card", "cash", "voucher" }.ToFrozenSet(StringComparer.Ordinal);

    private static SalePayload ParseSale(JsonElement payload)
    {
        var receiptNo = RequireReceiptNumber(payload, "receiptNo", "payload.receiptNo");
        var currency = RequireString(payload, "currency", "payload.currency");
        var lines = ParseLines(payload, "payload.lines");
        var total = RequireMoney(payload, "total", "payload.total");
        ParseVat(payload);
        ParsePayments(payload, "payments");
        return new SalePayload(receiptNo, currency, lines, total);
    }

    private static ReturnPayload ParseReturn(JsonElement payload)
    {
        var receiptNo = RequireReceiptNumber(payload, "receiptNo", "payload.receiptNo");
        var originalId = RequireGuid(payload, "originalId", "payload.originalId");
        var originalSeq = RequirePositiveInteger(payload, "originalSeq", "payload.originalSeq");
        var lines = ParseLines(payload, "payload.lines");
        var total = RequireMoney(payload, "total", "payload.total");
        ParseVat(payload);
        ParsePayments(payload, "refunds");
        return new ReturnPayload(receiptNo, originalId, originalSeq, lines, total);
    }

    private static StockAdjustmentPayload ParseStockAdjustment(JsonElement payload)
    {
        var gtin = RequireGtin(payload, "gtin", "payload.gtin");
        var delta = RequireQuantity(payload, "delta", "payload.delta", signed: true);
        var reason = RequireString(payload, "reason", "payload.reason");
        if (!AdjustmentReasons.Contains(reason))
        {
            throw new MalformedEventException(
                $"payload.reason: must be one of {string.Join(", ", AdjustmentReasons.Order(StringComparer.Ordinal))}, got \"{Clip(reason)}\"");
        }

        var staffId = RequireString(payload, "staffId", "payload.staffId");
        return new StockAdjustmentPayload(gtin, delta, reason, staffId);
    }

    private static List<EventLine> ParseLines(JsonElement payload, string path)
    {
        var array = RequireArray(payload, "lines", path, minLength: 1);
        var lines = new List<EventLine>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = Index(path, i++);
            var line = RequireObject(item, at);
            var qty = RequireQuantity(line, "qty", at + ".qty", signed: false);
            if (qty == 0m)
            {
                throw new MalformedEventException($"{at}.qty: must be greater than zero");
            }

            lines.Add(new EventLine(
                RequireGtin(line, "gtin", at + ".gtin"),
                RequireString(line, "name", at + ".name"),
                qty,
                RequireMoney(line, "unitPrice", at + ".unitPrice"),
                RequireDecimalString(line, "vatRate", at + ".vatRate"),
                RequireMoney(line, "lineTotal", at + ".lineTotal")));
        }

        return lines;
    }

    private static void ParseVat(JsonElement payload)
    {
        var array = RequireArray(payload, "vat", "payload.vat", minLength: 0);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = Index("payload.vat", i++);
            var vat = RequireObject(item, at);
            RequireDecimalString(vat, "rate", at + ".rate");
            RequireMoney(vat, "base", at + ".base");
            RequireMoney(vat, "amount", at + ".amount");
        }
    }

    private static void ParsePayments(JsonElement payload, string name)
    {
        var path = "payload." + name;
        var array = RequireArray(payload, name, path, minLength: 0);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = Index(path, i++);
            var payment = RequireObject(item, at);
            foreach (var field in payment.EnumerateObject())
            {
                if (CardDataFields.Contains(field.Name))
                {
                    throw new MalformedEventException(
                        $"{at}.{field.Name}: card data must never appear in an event (the event is not stored as received)", holdsCardData: true);
                }
            }

            var method = RequireString(payment, "method", at + ".method");
            if (!PaymentMethods.Contains(method))
            {
                throw new MalformedEventException(
                    $"{at}.method: must be one of {string.Join(", ", PaymentMethods.Order(StringComparer.Ordinal))}, got \"{Clip(method)}\"");
            }

            RequireMoney(payment, "amount", at + ".amount");
        }
    }
}
