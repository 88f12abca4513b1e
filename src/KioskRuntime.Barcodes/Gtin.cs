using System.Diagnostics.Contracts;
using System.Text.Json.Serialization;

namespace KioskRuntime.Barcodes;

/// <summary>
/// A Global Trade Item Number, always held as GTIN-14: 14 digits whose last digit is a valid GS1 check digit.
/// GTIN-8 (EAN-8), GTIN-12 (UPC-A) and GTIN-13 (EAN-13) are left-padded with zeros, so <c>7038010001659</c>
/// and <c>07038010001659</c> are the same <see cref="Gtin"/>. This is the catalog key (the upstream contract sends 14 digits).
/// </summary>
/// <remarks>
/// An 8-digit UPC-E symbol is <em>not</em> a GTIN-8: expand it with <see cref="Upc.ExpandUpcE(string)"/>. Which one an 8-digit
/// string is cannot be told from the digits; it is told by the AIM symbology identifier (<c>]E4</c> = EAN-8, <c>]E0</c> = UPC-E).
/// <para><c>default(Gtin)</c> is fourteen zeros (a check-digit-valid but unassigned number).</para>
/// <para>Immutable and thread-safe. Ordering is numeric, which equals ordinal ordering of the 14-digit strings.</para>
/// </remarks>
[JsonConverter(typeof(GtinJsonConverter))]
public readonly struct Gtin : IEquatable<Gtin>, IComparable<Gtin>, IComparable, IParsable<Gtin>
{
    /// <summary>Number of digits in the normalised form.</summary>
    public const int Length = 14;

    private readonly long _value;

    private Gtin(long value) => _value = value;

    /// <summary>The leftmost digit of the GTIN-14 (the packaging indicator; 0 for GTIN-8/12/13).</summary>
    public int Indicator => (int)(_value / 10_000_000_000_000L);

    /// <summary>The check digit (rightmost digit).</summary>
    public int CheckDigit => (int)(_value % 10);

    /// <summary>True when the GTIN can be written as an EAN-13 (the GTIN-14 starts with 0).</summary>
    public bool IsEan13Compatible => Indicator == 0;

    /// <summary>
    /// Parses a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 (ASCII digits only, no spaces) and checks its check digit.
    /// Never throws; on failure <paramref name="error"/> says what was wrong, e.g. <c>check digit 3, expected 9</c>.
    /// </summary>
    public static bool TryParse(string? digits, out Gtin gtin, out string? error)
    {
        if (TryParse(digits.AsSpan(), out gtin, out BarcodeParseError? parseError))
        {
            error = null;
            return true;
        }

        error = parseError.ToString();
        return false;
    }

    /// <summary>
    /// Span overload of <see cref="TryParse(string?, out Gtin, out string?)"/>; the error carries the offset separately.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> digits, out Gtin gtin, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out BarcodeParseError? error)
    {
        gtin = default;
        if (digits.Length is not (8 or 12 or 13 or 14))
        {
            error = new BarcodeParseError(
                digits.IsEmpty ? "no digits: a GTIN has 8, 12, 13 or 14 digits" : $"a GTIN has 8, 12, 13 or 14 digits, got {digits.Length}",
                null);
            return false;
        }

        long value = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[i] - '0';
            if ((uint)d > 9)
            {
                error = new BarcodeParseError($"'{CharDisplay.Printable(digits[i])}' is not a digit", i);
                return false;
            }

            value = (value * 10) + d;
        }

        GtinCheckDigit.TryCompute(digits[..^1], out int expected, out _);
        int actual = digits[^1] - '0';
        if (actual != expected)
        {
            error = new BarcodeParseError($"check digit {actual}, expected {expected}", digits.Length - 1);
            return false;
        }

        gtin = new Gtin(value);
        error = null;
        return true;
    }

    /// <summary>Parses like <see cref="TryParse(string?, out Gtin, out string?)"/>.</summary>
    /// <exception cref="BarcodeFormatException">The input is not a valid GTIN; the message says why.</exception>
    public static Gtin Parse(string digits)
    {
        if (!TryParse(digits.AsSpan(), out Gtin gtin, out BarcodeParseError? error))
        {
            throw error.ToException();
        }

        return gtin;
    }

    /// <inheritdoc cref="Parse(string)" />
    /// <remarks><see cref="IParsable{TSelf}"/> form (route and query binding); <paramref name="provider"/> is ignored.</remarks>
    static Gtin IParsable<Gtin>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary><see cref="IParsable{TSelf}"/> form of <see cref="TryParse(string?, out Gtin, out string?)"/>; the provider is ignored.</summary>
    static bool IParsable<Gtin>.TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, IFormatProvider? provider, out Gtin result)
        => TryParse(s, out result, out _);

    /// <summary>Builds a GTIN from 13 data digits (any shorter data is left-padded) by appending the computed check digit.</summary>
    internal static Gtin FromDataDigits(ReadOnlySpan<char> dataDigits)
    {
        long value = 0;
        foreach (char c in dataDigits)
        {
            value = (value * 10) + (c - '0');
        }

        GtinCheckDigit.TryCompute(dataDigits, out int check, out _);
        return new Gtin((value * 10) + check);
    }

    /// <summary>The 14-digit form, e.g. <c>07038010001659</c>.</summary>
    [Pure]
    public override string ToString() => _value.ToString("D14", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The 13-digit EAN-13 form (the GTIN-14 without its leading 0).</summary>
    /// <exception cref="InvalidOperationException">The indicator digit is not 0 (a GTIN-14 of a case or pallet has no EAN-13 form).</exception>
    [Pure]
    public string ToEan13String()
    {
        if (!IsEan13Compatible)
        {
            throw new InvalidOperationException($"GTIN {ToString()} starts with indicator {Indicator}, so it has no EAN-13 form");
        }

        return _value.ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool Equals(Gtin other) => _value == other._value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Gtin other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Gtin other) => _value.CompareTo(other._value);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Gtin other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a Gtin with {obj.GetType().Name}", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(Gtin left, Gtin right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Gtin left, Gtin right) => !left.Equals(right);

    /// <summary>Numeric ordering.</summary>
    public static bool operator <(Gtin left, Gtin right) => left._value < right._value;

    /// <summary>Numeric ordering.</summary>
    public static bool operator >(Gtin left, Gtin right) => left._value > right._value;

    /// <summary>Numeric ordering.</summary>
    public static bool operator <=(Gtin left, Gtin right) => left._value <= right._value;

    /// <summary>Numeric ordering.</summary>
    public static bool operator >=(Gtin left, Gtin right) => left._value >= right._value;
}
