using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>
/// A parsed GS1 element string: the ordered elements (AI, raw value, typed value) and convenience accessors for what a
/// kiosk uses. Parse the raw form (<see cref="TryParse(string?, out Gs1ElementString?, out BarcodeParseError?)"/>, FNC1 as
/// GS 0x1D) or the bracketed human-readable form (<see cref="TryParseBracketed"/>, <c>(01)…(10)…</c>).
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Rules applied: AIs from the supported table only (an unknown AI is an error naming it and its offset); fixed-length values
/// need no separator; variable-length values end at GS or at the end; numeric fields are digits; text fields are GS1 character
/// set 82; check digits of 00, 01, 02 and 41x; dates YYMMDD with day 00 = end of month; the same AI twice with different values
/// is an error. Not checked: GS1 AI association rules (e.g. 02 requires 37) and mutually exclusive AIs.
/// </remarks>
public sealed partial class Gs1ElementString
{
    private readonly Gs1Element[] _elements;

    private readonly System.Collections.ObjectModel.ReadOnlyCollection<Gs1Element> _readOnlyElements;

    private Gs1ElementString(Gs1Element[] elements)
    {
        _elements = elements;
        _readOnlyElements = Array.AsReadOnly(elements);
    }

    /// <summary>The elements in the order they were encoded (a read-only view; it cannot be cast back to the array).</summary>
    public IReadOnlyList<Gs1Element> Elements => _readOnlyElements;

    /// <summary>AI 01: the GTIN of the trade item.</summary>
    public Gtin? Gtin => Find("01")?.Value is Gs1GtinValue v ? v.Gtin : null;

    /// <summary>AI 10: batch or lot number.</summary>
    public string? Batch => Text("10");

    /// <summary>AI 21: serial number.</summary>
    public string? Serial => Text("21");

    /// <summary>AI 17: expiration date (century not resolved; see <see cref="Gs1Date.ToDateOnly(DateOnly)"/>).</summary>
    public Gs1Date? Expiry => Find("17")?.Value is Gs1DateValue v ? v.Date : null;

    /// <summary>AI 15: best before date.</summary>
    public Gs1Date? BestBefore => Find("15")?.Value is Gs1DateValue v ? v.Date : null;

    /// <summary>AI 16: sell by date.</summary>
    public Gs1Date? SellBy => Find("16")?.Value is Gs1DateValue v ? v.Date : null;

    /// <summary>AI 7003: expiration date and time (hour and minute, local time of the market).</summary>
    public (Gs1Date Date, int Hour, int Minute)? ExpiryTime => Find("7003")?.Value is Gs1DateTimeValue v ? (v.Date, v.Hour, v.Minute) : null;

    /// <summary>AI 310n: net weight in kilograms, with the encoded number of decimals.</summary>
    public decimal? NetWeightKg => FindPrefix("310")?.Value is Gs1MeasureValue v ? v.Value : null;

    /// <summary>AI 392n or 393n: amount payable (price) of a variable measure item.</summary>
    public decimal? Price => (FindPrefix("392") ?? FindPrefix("393"))?.Value is Gs1AmountValue v ? v.Amount : null;

    /// <summary>AI 393n: ISO 4217 numeric currency code of <see cref="Price"/> (e.g. <c>578</c> = NOK); null for 392n (local currency).</summary>
    public string? PriceCurrency => FindPrefix("393")?.Value is Gs1AmountValue v ? v.CurrencyNumeric : null;

    /// <summary>AI 30: variable count of items.</summary>
    public int? Count => Find("30")?.Value is Gs1CountValue v ? v.Count : null;

    /// <summary>Finds the element with exactly this AI.</summary>
    public bool TryGet(string ai, [NotNullWhen(true)] out Gs1Element? element)
    {
        element = Find(ai);
        return element is not null;
    }

    /// <summary>The raw form (GS 0x1D after each variable-length element except the last), e.g. for re-encoding.</summary>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < _elements.Length; i++)
        {
            Gs1Element element = _elements[i];
            builder.Append(element.Ai).Append(element.RawValue);
            if (!element.IsFixedLength && i < _elements.Length - 1)
            {
                builder.Append(GroupSeparator);
            }
        }

        return builder.ToString();
    }

    /// <summary>The bracketed form, <c>(01)07038010001659(10)ABC</c>; a literal '(' in a value is written <c>\(</c>.</summary>
    public string ToBracketedString()
    {
        var builder = new System.Text.StringBuilder();
        foreach (Gs1Element element in _elements)
        {
            builder.Append('(').Append(element.Ai).Append(')');
            foreach (char c in element.RawValue)
            {
                if (c == '(')
                {
                    builder.Append('\\');
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private Gs1Element? Find(string ai)
    {
        foreach (Gs1Element element in _elements)
        {
            if (element.Ai == ai)
            {
                return element;
            }
        }

        return null;
    }

    private Gs1Element? FindPrefix(string aiPrefix)
    {
        foreach (Gs1Element element in _elements)
        {
            if (element.Ai.StartsWith(aiPrefix, StringComparison.Ordinal))
            {
                return element;
            }
        }

        return null;
    }

    private string? Text(string ai) => Find(ai)?.Value is Gs1TextValue v ? v.Text : null;
}
