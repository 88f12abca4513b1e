using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The scan: one forward pass of a <see cref="Utf8JsonReader"/> over an event that notes where each field the contract names
/// lies (<see cref="EventCapture"/>) and skips the rest. It validates nothing and never throws but for malformed JSON, so that
/// the reader is never left inside an event; the checks run afterwards, in the contract's order, over the noted slices.
/// </summary>
internal static partial class EventParser
{
    // The contract: "No card number, masked or not, and no cardholder data ever appear in an event." Names, not values,
    // are checked: a value test (13-19 digits passing Luhn) would also hit one in ten numeric terminal references.
    private static readonly string[] CardDataFieldNames =
    [
        "pan", "cardNumber", "maskedPan", "maskedCardNumber", "cardholderName", "cardHolder", "track1", "track2",
        "expiry", "expiryDate", "cvv", "cvc",
    ];

    private static readonly FrozenSet<string> CardDataFields = CardDataFieldNames.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Scans the event object the reader is on (its <c>StartObject</c>); leaves the reader on its <c>EndObject</c>.</summary>
    /// <param name="offset">Where the reader's input starts in the body the slices refer to.</param>
    internal static void ScanEvent(ref Utf8JsonReader r, int offset, ReadOnlySpan<byte> body, EventCapture c)
    {
        c.ResetEvent(offset + (int)r.TokenStartIndex);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("seq"u8))
            {
                r.Read();
                c.Seq = Capture(ref r, offset);
            }
            else if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                c.Id = Capture(ref r, offset);
            }
            else if (r.ValueTextEquals("type"u8))
            {
                r.Read();
                c.Type = Capture(ref r, offset);
                c.TypeKind = KindOfType(body, c.Type);
            }
            else if (r.ValueTextEquals("occurredAt"u8))
            {
                r.Read();
                c.OccurredAt = Capture(ref r, offset);
            }
            else if (r.ValueTextEquals("payload"u8))
            {
                r.Read();
                ScanPayload(ref r, offset, c, c.TypeKind);
            }
            else if (r.ValueTextEquals("hash"u8))
            {
                r.Read();
                c.Hash = Capture(ref r, offset);
            }
            else
            {
                r.Skip();
            }
        }

        c.EventEnd = offset + (int)r.BytesConsumed;
    }

    /// <summary>Scans the payload value the reader is on, for <paramref name="kind"/>; only a known type's object is looked into.</summary>
    internal static void ScanPayload(ref Utf8JsonReader r, int offset, EventCapture c, PayloadKind kind)
    {
        c.ResetPayload();
        if (r.TokenType != JsonTokenType.StartObject || kind is PayloadKind.None or PayloadKind.Unknown)
        {
            c.Payload = Capture(ref r, offset);
            return;
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (kind == PayloadKind.StockAdjustment)
            {
                ScanAdjustmentField(ref r, offset, c);
            }
            else
            {
                ScanSaleOrReturnField(ref r, offset, c, kind == PayloadKind.Return);
            }
        }

        c.Payload = new JsonSlice(JsonTokenType.StartObject, start, offset + (int)r.BytesConsumed, false);
        c.PayloadScannedAs = kind;
    }

    private static void ScanSaleOrReturnField(ref Utf8JsonReader r, int offset, EventCapture c, bool isReturn)
    {
        if (r.ValueTextEquals("lines"u8))
        {
            r.Read();
            c.Lines = ScanLines(ref r, offset, c.LineItems);
        }
        else if (r.ValueTextEquals("total"u8))
        {
            r.Read();
            c.Total = Capture(ref r, offset);
        }
        else if (r.ValueTextEquals("receiptNo"u8))
        {
            r.Read();
            c.ReceiptNo = Capture(ref r, offset);
        }
        else if (r.ValueTextEquals("vat"u8))
        {
            r.Read();
            c.Vat = ScanVat(ref r, offset, c.VatItems);
        }
        else if (r.ValueTextEquals(isReturn ? "refunds"u8 : "payments"u8))
        {
            r.Read();
            c.Payments = ScanPayments(ref r, offset, c.PaymentItems);
        }
        else if (!isReturn && r.ValueTextEquals("currency"u8))
        {
            r.Read();
            c.Currency = Capture(ref r, offset);
        }
        else if (isReturn && r.ValueTextEquals("originalId"u8))
        {
            r.Read();
            c.OriginalId = Capture(ref r, offset);
        }
        else if (isReturn && r.ValueTextEquals("originalSeq"u8))
        {
            r.Read();
            c.OriginalSeq = Capture(ref r, offset);
        }
        else
        {
            r.Skip();
        }
    }

    private static void ScanAdjustmentField(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        if (r.ValueTextEquals("gtin"u8))
        {
            r.Read();
            c.Gtin = Capture(ref r, offset);
        }
        else if (r.ValueTextEquals("delta"u8))
        {
            r.Read();
            c.Delta = Capture(ref r, offset);
        }
        else if (r.ValueTextEquals("reason"u8))
        {
            r.Read();
            c.Reason = Capture(ref r, offset);
        }
        else if (r.ValueTextEquals("staffId"u8))
        {
            r.Read();
            c.StaffId = Capture(ref r, offset);
        }
        else
        {
            r.Skip();
        }
    }

    private static JsonSlice ScanLines(ref Utf8JsonReader r, int offset, List<LineSlices> items)
    {
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var line = default(LineSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                line.Element = Capture(ref r, offset);
                items.Add(line);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("gtin"u8))
                {
                    r.Read();
                    line.Gtin = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("name"u8))
                {
                    r.Read();
                    line.Name = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("qty"u8))
                {
                    r.Read();
                    line.Qty = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("unitPrice"u8))
                {
                    r.Read();
                    line.UnitPrice = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("vatRate"u8))
                {
                    r.Read();
                    line.VatRate = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("lineTotal"u8))
                {
                    r.Read();
                    line.LineTotal = Capture(ref r, offset);
                }
                else
                {
                    r.Skip();
                }
            }

            line.Element = new JsonSlice(JsonTokenType.StartObject, elementStart, offset + (int)r.BytesConsumed, false);
            items.Add(line);
        }

        return new JsonSlice(JsonTokenType.StartArray, start, offset + (int)r.BytesConsumed, false);
    }

    private static JsonSlice ScanVat(ref Utf8JsonReader r, int offset, List<VatSlices> items)
    {
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var vat = default(VatSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                vat.Element = Capture(ref r, offset);
                items.Add(vat);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("rate"u8))
                {
                    r.Read();
                    vat.Rate = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("base"u8))
                {
                    r.Read();
                    vat.Base = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("amount"u8))
                {
                    r.Read();
                    vat.Amount = Capture(ref r, offset);
                }
                else
                {
                    r.Skip();
                }
            }

            vat.Element = new JsonSlice(JsonTokenType.StartObject, elementStart, offset + (int)r.BytesConsumed, false);
            items.Add(vat);
        }

        return new JsonSlice(JsonTokenType.StartArray, start, offset + (int)r.BytesConsumed, false);
    }

    private static JsonSlice ScanPayments(ref Utf8JsonReader r, int offset, List<PaymentSlices> items)
    {
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var payment = default(PaymentSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                payment.Element = Capture(ref r, offset);
                items.Add(payment);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                // Every property name is checked for card data, the first one found is the one reported.
                if (payment.CardDataName.Kind == JsonTokenType.None && NamesCardData(ref r))
                {
                    payment.CardDataName = Capture(ref r, offset);
                }

                if (r.ValueTextEquals("method"u8))
                {
                    r.Read();
                    payment.Method = Capture(ref r, offset);
                }
                else if (r.ValueTextEquals("amount"u8))
                {
                    r.Read();
                    payment.Amount = Capture(ref r, offset);
                }
                else
                {
                    r.Skip();
                }
            }

            payment.Element = new JsonSlice(JsonTokenType.StartObject, elementStart, offset + (int)r.BytesConsumed, false);
            items.Add(payment);
        }

        return new JsonSlice(JsonTokenType.StartArray, start, offset + (int)r.BytesConsumed, false);
    }

    /// <summary>
    /// Whether the property name the reader is on is a card-data field, compared as <see cref="StringComparer.OrdinalIgnoreCase"/>
    /// does: an unescaped ASCII name byte-wise, any other name through a string and the set.
    /// </summary>
    private static bool NamesCardData(ref Utf8JsonReader r)
    {
        var name = r.ValueSpan;
        if (r.ValueIsEscaped || !Ascii.IsValid(name))
        {
            return CardDataFields.Contains(r.GetString()!);
        }

        if (name.Length is < 3 or > 16)
        {
            return false;
        }

        foreach (var field in CardDataFieldNames)
        {
            if (field.Length == name.Length && Ascii.EqualsIgnoreCase(name, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Notes the value the reader is on (skipping an object or array to its end).</summary>
    private static JsonSlice Capture(ref Utf8JsonReader r, int offset)
    {
        var start = offset + (int)r.TokenStartIndex;
        switch (r.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                var kind = r.TokenType;
                r.Skip();
                return new JsonSlice(kind, start, offset + (int)r.BytesConsumed, false);
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                return new JsonSlice(r.TokenType, start, start + r.ValueSpan.Length + 2, r.ValueIsEscaped);
            default:
                return new JsonSlice(r.TokenType, start, start + r.ValueSpan.Length, false);
        }
    }

    private static PayloadKind KindOfType(ReadOnlySpan<byte> body, JsonSlice type)
    {
        if (type.Kind != JsonTokenType.String)
        {
            return PayloadKind.None;
        }

        var text = Utf8Text(body, type);
        return text.SequenceEqual("sale"u8) ? PayloadKind.Sale
            : text.SequenceEqual("return"u8) ? PayloadKind.Return
            : text.SequenceEqual("stock-adjustment"u8) ? PayloadKind.StockAdjustment
            : PayloadKind.Unknown;
    }

    /// <summary>A string slice's text as UTF-8, unescaped (escapes are rare: only then is anything allocated).</summary>
    private static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> body, JsonSlice value) =>
        value.Escaped ? Encoding.UTF8.GetBytes(StringText(body, value)) : body[(value.Start + 1)..(value.End - 1)];

    /// <summary>A string slice's text.</summary>
    private static string StringText(ReadOnlySpan<byte> body, JsonSlice value)
    {
        if (!value.Escaped)
        {
            return Encoding.UTF8.GetString(body[(value.Start + 1)..(value.End - 1)]);
        }

        var reader = new Utf8JsonReader(body[value.Start..value.End]);
        reader.Read();
        return reader.GetString()!;
    }
}
