namespace KioskRuntime.Barcodes.Gs1;

/// <summary>
/// The typed value of one GS1 element. The set is closed: <see cref="Gs1TextValue"/>, <see cref="Gs1GtinValue"/>,
/// <see cref="Gs1KeyValue"/>, <see cref="Gs1DateValue"/>, <see cref="Gs1DateTimeValue"/>, <see cref="Gs1MeasureValue"/>,
/// <see cref="Gs1AmountValue"/>, <see cref="Gs1CountValue"/>.
/// </summary>
public abstract record Gs1Value
{
    private protected Gs1Value()
    {
    }
}

/// <summary>Alphanumeric data (AI 10 batch, 21 serial, 240, 400) or a plain numeric code (AI 20).</summary>
internal sealed record Gs1TextValue(string Text) : Gs1Value;

/// <summary>A GTIN with a verified check digit (AI 01, 02).</summary>
internal sealed record Gs1GtinValue(Gtin Gtin) : Gs1Value;

/// <summary>Another GS1 key with a verified mod-10 check digit: SSCC (AI 00, 18 digits) or GLN (AI 41x, 13 digits).</summary>
internal sealed record Gs1KeyValue(string Digits) : Gs1Value;

/// <summary>A date (AI 11, 13, 15, 16, 17).</summary>
internal sealed record Gs1DateValue(Gs1Date Date) : Gs1Value;

/// <summary>A date with hour and minute (AI 7003, expiration date and time).</summary>
internal sealed record Gs1DateTimeValue(Gs1Date Date, int Hour, int Minute) : Gs1Value;

/// <summary>A trade measure with implied decimals (AI 310n–369n, n = 0–5); <see cref="Value"/> already has the decimals applied.</summary>
internal sealed record Gs1MeasureValue(decimal Value) : Gs1Value;

/// <summary>
/// An amount payable (AI 392n, n decimals) or an amount with currency (AI 393n: <see cref="CurrencyNumeric"/> is the
/// ISO 4217 numeric code, e.g. <c>578</c> for NOK).
/// </summary>
internal sealed record Gs1AmountValue(decimal Amount, string? CurrencyNumeric) : Gs1Value;

/// <summary>A count of items (AI 30, 37).</summary>
internal sealed record Gs1CountValue(int Count) : Gs1Value;
