using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The scan of a sale's or a return's arrays (<c>lines</c>, <c>vat</c>, <c>payments</c> / <c>refunds</c>), element by element,
/// for <see cref="EventScanner"/>: where each field lies, and the first property of a payment that names card data. Stateless.
/// </summary>
internal static class PayloadArrayScanner
{
    // The contract: "No card number, masked or not, and no cardholder data ever appear in an event." Names, not values,
    // are checked: a value test (13-19 digits passing Luhn) would also hit one in ten numeric terminal references.
    private static readonly string[] CardDataFieldNames =
    [
        "pan", "cardNumber", "maskedPan", "maskedCardNumber", "cardholderName", "cardHolder", "track1", "track2",
        "expiry", "expiryDate", "cvv", "cvc",
    ];

    private static readonly FrozenSet<string> CardDataFields = CardDataFieldNames.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a property name (any case) is one of the card-data names.</summary>
    internal static bool IsCardDataName(string name) => CardDataFields.Contains(name);

    internal static JsonSlice ScanLines(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.LineItems;
        var scratch = c.NameScratch;
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return EventScanner.Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var line = default(LineSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                line.Element = EventScanner.Capture(ref r, offset);
                items.Add(line);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = EventScanner.Name(ref r, scratch);
                if (name.SequenceEqual("gtin"u8))
                {
                    r.Read();
                    line.Gtin = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("name"u8))
                {
                    r.Read();
                    line.Name = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("qty"u8))
                {
                    r.Read();
                    line.Qty = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("unitPrice"u8))
                {
                    r.Read();
                    line.UnitPrice = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("vatRate"u8))
                {
                    r.Read();
                    line.VatRate = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("lineTotal"u8))
                {
                    r.Read();
                    line.LineTotal = EventScanner.Capture(ref r, offset);
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

    internal static JsonSlice ScanVat(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.VatItems;
        var scratch = c.NameScratch;
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return EventScanner.Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var vat = default(VatSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                vat.Element = EventScanner.Capture(ref r, offset);
                items.Add(vat);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = EventScanner.Name(ref r, scratch);
                if (name.SequenceEqual("rate"u8))
                {
                    r.Read();
                    vat.Rate = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("base"u8))
                {
                    r.Read();
                    vat.Base = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("amount"u8))
                {
                    r.Read();
                    vat.Amount = EventScanner.Capture(ref r, offset);
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

    internal static JsonSlice ScanPayments(ref Utf8JsonReader r, int offset, EventCapture c)
    {
        var items = c.PaymentItems;
        var scratch = c.NameScratch;
        items.Clear();
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return EventScanner.Capture(ref r, offset);
        }

        var start = offset + (int)r.TokenStartIndex;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            var payment = default(PaymentSlices);
            if (r.TokenType != JsonTokenType.StartObject)
            {
                payment.Element = EventScanner.Capture(ref r, offset);
                items.Add(payment);
                continue;
            }

            var elementStart = offset + (int)r.TokenStartIndex;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var name = EventScanner.Name(ref r, scratch);
                // Every property name is checked for card data, the first one found is the one reported.
                if (payment.CardDataName.Kind == JsonTokenType.None && NamesCardData(ref r))
                {
                    payment.CardDataName = EventScanner.Capture(ref r, offset);
                }

                if (name.SequenceEqual("method"u8))
                {
                    r.Read();
                    payment.Method = EventScanner.Capture(ref r, offset);
                }
                else if (name.SequenceEqual("amount"u8))
                {
                    r.Read();
                    payment.Amount = EventScanner.Capture(ref r, offset);
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
}
