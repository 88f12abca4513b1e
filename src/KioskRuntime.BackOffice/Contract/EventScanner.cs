using System.Text;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The scan: one forward pass of a <see cref="Utf8JsonReader"/> over an event that notes where each field the contract names
/// lies (<see cref="EventCapture"/>) and skips the rest (the arrays of a sale or return: <see cref="PayloadArrayScanner"/>).
/// It validates nothing and never throws but for malformed JSON, so that the reader is never left inside an event; the checks
/// (<see cref="EventParser"/>) run afterwards, in the contract's order, over the noted slices. Stateless.
/// </summary>
internal static class EventScanner
{
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
            c.Lines = PayloadArrayScanner.ScanLines(ref r, offset, c);
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
            c.Vat = PayloadArrayScanner.ScanVat(ref r, offset, c);
        }
        else if (name.SequenceEqual(isReturn ? "refunds"u8 : "payments"u8))
        {
            r.Read();
            c.Payments = PayloadArrayScanner.ScanPayments(ref r, offset, c);
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


    // The longest name looked for is 16 bytes; an escape is at most 6 bytes for 1, so a longer escaped name matches none.
    internal const int MaxNameBytes = 96;

    /// <summary>The property name the reader is on, unescaped; empty when it is too long to be one looked for.</summary>
    internal static ReadOnlySpan<byte> Name(ref Utf8JsonReader r, byte[] scratch)
    {
        if (!r.ValueIsEscaped)
        {
            return r.ValueSpan;
        }

        return r.ValueSpan.Length > scratch.Length ? default : scratch.AsSpan(0, r.CopyString(scratch));
    }

    /// <summary>Notes the value the reader is on (skipping an object or array to its end).</summary>
    internal static JsonSlice Capture(ref Utf8JsonReader r, int offset)
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
    internal static ReadOnlySpan<byte> Utf8Text(ReadOnlySpan<byte> body, JsonSlice value)
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
    internal static string StringText(ReadOnlySpan<byte> body, JsonSlice value)
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
