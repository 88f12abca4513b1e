namespace KioskRuntime.Barcodes;

/// <summary>
/// The GS1 mod-10 check digit shared by GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14, GLN (13) and SSCC (18):
/// weights 3, 1, 3, 1 … starting at the rightmost data digit; check = (10 − sum mod 10) mod 10
/// (GS1 General Specifications §7.9.1). Thread-safe: pure functions.
/// </summary>
public static class GtinCheckDigit
{
    /// <summary>
    /// Computes the check digit for <paramref name="dataDigits"/> (the digits <em>without</em> the check digit).
    /// Example: <c>703801000165</c> → 9.
    /// </summary>
    /// <exception cref="BarcodeFormatException">The span is empty or contains a character that is not an ASCII digit.</exception>
    public static int Compute(ReadOnlySpan<char> dataDigits)
    {
        if (dataDigits.IsEmpty)
        {
            throw new BarcodeFormatException("no digits to compute a check digit for", 0);
        }

        if (!TryCompute(dataDigits, out int check, out int badOffset))
        {
            throw new BarcodeFormatException($"'{dataDigits[badOffset]}' at offset {badOffset} is not a digit", badOffset);
        }

        return check;
    }

    /// <summary>
    /// True when <paramref name="digits"/> is at least two ASCII digits and its last digit is the check digit of the others.
    /// Never throws.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2 || !char.IsAsciiDigit(digits[^1]))
        {
            return false;
        }

        return TryCompute(digits[..^1], out int check, out _) && check == digits[^1] - '0';
    }

    /// <summary>Computes the check digit; on a non-digit returns false and its offset.</summary>
    internal static bool TryCompute(ReadOnlySpan<char> dataDigits, out int check, out int badOffset)
    {
        int sum = 0;
        bool weightThree = true;
        for (int i = dataDigits.Length - 1; i >= 0; i--)
        {
            int d = dataDigits[i] - '0';
            if ((uint)d > 9)
            {
                check = 0;
                badOffset = i;
                return false;
            }

            sum += weightThree ? d * 3 : d;
            weightThree = !weightThree;
        }

        check = (10 - (sum % 10)) % 10;
        badOffset = -1;
        return true;
    }
}
