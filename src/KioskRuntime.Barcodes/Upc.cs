using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes;

/// <summary>
/// UPC-E (zero-suppressed UPC-A) expansion.
/// </summary>
/// <remarks>
/// A UPC-E symbol is transmitted as 8 digits: number system (0 or 1), six data digits, and the check digit of the
/// <em>expanded</em> UPC-A. The same 8 digits may also pass as an EAN-8 with a valid check digit, so the digits alone cannot
/// tell the two apart. The caller decides by the AIM symbology identifier: <c>]E0</c> with 8 digits is UPC-E,
/// <c>]E4</c> is EAN-8 (<see cref="BarcodeInterpreter"/> does exactly this; without an AIM id it treats 8 digits as EAN-8).
/// Expansion rules (by the last data digit d6): 0–2 → <c>NS d1 d2 d6 0000 d3 d4 d5</c>; 3 → <c>NS d1 d2 d3 00000 d4 d5</c>;
/// 4 → <c>NS d1 d2 d3 d4 00000 d5</c>; 5–9 → <c>NS d1 d2 d3 d4 d5 0000 d6</c>; then the check digit.
/// </remarks>
internal static class Upc
{
    /// <summary>
    /// Expands an 8-digit UPC-E (number system 0 or 1, six digits, check digit) to the <see cref="Gtin"/> of its UPC-A,
    /// verifying the check digit. The 12-digit UPC-A is <c>gtin.ToString()[2..]</c>.
    /// </summary>
    /// <exception cref="BarcodeFormatException">Not 8 digits, number system not 0/1, or the check digit does not match.</exception>
    public static Gtin ExpandUpcE(string upcE)
    {
        if (!TryExpandUpcE(upcE, out Gtin gtin, out BarcodeParseError? error))
        {
            throw error.ToException();
        }

        return gtin;
    }

    /// <summary>Non-throwing form of <see cref="ExpandUpcE(string)"/>.</summary>
    public static bool TryExpandUpcE(ReadOnlySpan<char> upcE, out Gtin gtin, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        gtin = default;
        if (upcE.Length != 8)
        {
            error = new BarcodeParseError($"a UPC-E has 8 digits (number system, 6 digits, check digit), got {upcE.Length}", null);
            return false;
        }

        for (int i = 0; i < upcE.Length; i++)
        {
            if (!char.IsAsciiDigit(upcE[i]))
            {
                error = new BarcodeParseError($"'{CharDisplay.Printable(upcE[i])}' is not a digit", i);
                return false;
            }
        }

        if (upcE[0] is not ('0' or '1'))
        {
            error = new BarcodeParseError($"UPC-E number system must be 0 or 1, got {upcE[0]}", 0);
            return false;
        }

        // 13 data digits of the GTIN (a leading 0, then the 11 data digits of the UPC-A), check digit appended by Gtin.
        Span<char> data = stackalloc char[13];
        data.Fill('0');
        Span<char> upcA = data[2..]; // "00" + the 11 data digits of the UPC-A
        upcA[0] = upcE[0];
        ReadOnlySpan<char> d = upcE.Slice(1, 6);
        switch (d[5])
        {
            case '0' or '1' or '2':
                upcA[1] = d[0]; upcA[2] = d[1]; upcA[3] = d[5];
                upcA[8] = d[2]; upcA[9] = d[3]; upcA[10] = d[4];
                break;
            case '3':
                upcA[1] = d[0]; upcA[2] = d[1]; upcA[3] = d[2];
                upcA[9] = d[3]; upcA[10] = d[4];
                break;
            case '4':
                upcA[1] = d[0]; upcA[2] = d[1]; upcA[3] = d[2]; upcA[4] = d[3];
                upcA[10] = d[4];
                break;
            default:
                upcA[1] = d[0]; upcA[2] = d[1]; upcA[3] = d[2]; upcA[4] = d[3]; upcA[5] = d[4];
                upcA[10] = d[5];
                break;
        }

        Gtin expanded = Gtin.FromDataDigits(data);
        int actual = upcE[7] - '0';
        if (expanded.CheckDigit != actual)
        {
            error = new BarcodeParseError($"check digit {actual}, expected {expanded.CheckDigit}", 7);
            return false;
        }

        gtin = expanded;
        error = null;
        return true;
    }
}
