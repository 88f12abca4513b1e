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
        var scratch = c.NameScratch;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(ref r, scratch);
            if (name.SequenceEqual("seq"u8))
            {
                r.Read();
                c.Seq = Capture(ref r, offset);
            }
            else if (name.SequenceEqual("id"u8))
            {
                r.Read();
                c.Id = Capture(ref r, offset);
            }
            else if (name.SequenceEqual("type"u8))
            {
                r.Read();
                c.Type = Capture(ref r, offset);
                c.TypeKind = KindOfType(body, c.Type);
            }
            else if (name.SequenceEqual("occurredAt"u8))
            {
                r.Read();
                c.OccurredAt = Capture(ref r, offset);
            }
            else if (name.SequenceEqual("payload"u8))
            {
                r.Read();
                ScanPayload(ref r, offset, c, c.TypeKind);
            }
            else if (name.SequenceEqual("hash"u8))
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
        var scratch = c.NameScratch;
        var name = Name(ref r, scratch);
        if (name.SequenceEqual("lines"u8))
        {
            r.Read();
            c.Lines = ScanLines(ref r, offset, c);
        }
        else if (name.SequenceEqual("total"u8))
        {
            r.Read();
            c.Total = Capture(ref r, offset);
        }
        else if (name.SequenceEqual("receiptNo"u8))
        {
            r.Read();
            c.ReceiptNo = Capture(ref r, offset);
        }
        else if (name.SequenceEqual("vat"u8))
        {
            r.Read();
            c.Vat = ScanVat(ref r, offset, c);
        }
        else if (name.SequenceEqual(isReturn ? "refunds"u8 : "payments"u8))
        {
            r.Read();
            c.Payments = ScanPayments(ref r, offset, c);
        }
        else if (!isReturn && name.SequenceEqual("currency"u8))
        {
            r.Read();
            c.Currency = Capture(ref r, offset);
        }
        else if (isReturn && name.SequenceEqual("originalId"u8))
        {
            r.Read();
            c.OriginalId = Capture(ref r, offset);
        }
        else if (isReturn && name.SequenceEqual("originalSeq"u8))
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
        var scratch = c.NameScratch;
        var name = Name(ref r, scratch);
        if (name.SequenceEqual("gtin"u8))
        {
            r.Read();
            c.Gtin = Capture(ref r, offset);
        }
        else if (name.SequenceEqual("delta"u8))
        {
            r.Read();
            c.Delta = Capture(ref r, offset);
        }
        else if (name.SequenceEqual("reason"u8))
        {
            r.Read();
            c.Reason = Capture(ref r, offset);
        }
        else if (name.SequenceEqual("staffId"u8))
        {
            r.Read();
            c.StaffId = Capture(ref r, offset);
        }
        else
        {
            r.Skip();
        }
    }

    private static JsonSlice ScanLines(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.LineItems;
        var scratch = c.NameScratch;
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
                var name = Name(ref r, scratch);
                if (name.SequenceEqual("gtin"u8))
                {
                    r.Read();
                    line.Gtin = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("name"u8))
                {
                    r.Read();
                    line.Name = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("qty"u8))
                {
                    r.Read();
                    line.Qty = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("unitPrice"u8))
                {
                    r.Read();
                    line.UnitPrice = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("vatRate"u8))
                {
                    r.Read();
                    line.VatRate = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("lineTotal"u8))
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

    private static JsonSlice ScanVat(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.VatItems;
        var scratch = c.NameScratch;
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
                var name = Name(ref r, scratch);
                if (name.SequenceEqual("rate"u8))
                {
                    r.Read();
                    vat.Rate = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("base"u8))
                {
                    r.Read();
                    vat.Base = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("amount"u8))
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

    private static JsonSlice ScanPayments(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.PaymentItems;
        var scratch = c.NameScratch;
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
                var name = Name(ref r, scratch);
                // Every property name is checked for card data, the first one found is the one reported.
                if (payment.CardDataName.Kind == JsonTokenType.None && NamesCardData(ref r))
                {
                    payment.CardDataName = Capture(ref r, offset);
                }

                if (name.SequenceEqual("method"u8))
                {
                    r.Read();
                    payment.Method = Capture(ref r, offset);
                }
                else if (name.SequenceEqual("amount"u8))
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

        return name.Length switch
        {
            3 => Ascii.EqualsIgnoreCase(name, "pan"u8) || Ascii.EqualsIgnoreCase(name, "cvv"u8) || Ascii.EqualsIgnoreCase(name, "cvc"u8),
            6 => Ascii.EqualsIgnoreCase(name, "expiry"u8) || Ascii.EqualsIgnoreCase(name, "track1"u8) || Ascii.EqualsIgnoreCase(name, "track2"u8),
            9 => Ascii.EqualsIgnoreCase(name, "maskedPan"u8),
            10 => Ascii.EqualsIgnoreCase(name, "cardNumber"u8) || Ascii.EqualsIgnoreCase(name, "expiryDate"u8) || Ascii.EqualsIgnoreCase(name, "cardHolder"u8),
            14 => Ascii.EqualsIgnoreCase(name, "cardholderName"u8),
            16 => Ascii.EqualsIgnoreCase(name, "maskedCardNumber"u8),
            _ => false,
        };
    }

    // The longest name looked for is 16 bytes; an escape is at most 6 bytes for 1, so a longer escaped name matches none.
    internal const int MaxNameBytes = 96;

    /// <summary>The property name the reader is on, unescaped; empty when it is too long to be one looked for.</summary>
    private static ReadOnlySpan<byte> Name(ref Utf8JsonReader r, byte[] scratch)
    {
        if (!r.ValueIsEscaped)
        {
            return r.ValueSpan;
        }

        return r.ValueSpan.Length > scratch.Length ? default : scratch.AsSpan(0, r.CopyString(scratch));
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

    /// <summary>
    /// A string slice's text as UTF-8, unescaped. Only an escaped one costs an array (a kiosk's writer escapes the <c>+</c> of
    /// every timestamp offset as <c>\u002B</c>, so this is common).
    /// </summary>
    private static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> body, JsonSlice value)
    {
        if (!value.Escaped)
        {
            return body[(value.Start + 1)..(value.End - 1)];
        }

        var reader = new Utf8JsonReader(body[value.Start..value.End]);
        reader.Read();
        var unescaped = new byte[value.End - value.Start];
        return unescaped.AsSpan(0, reader.CopyString(unescaped));
    }

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
