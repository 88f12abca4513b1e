namespace KioskRuntime.Barcodes.VariableMeasure;

/// <summary>
/// The price/weight verifier digit of in-store variable measure EAN-13 codes (GS1 General Specifications §7.9.2–7.9.4).
/// Each value digit gets a weighting factor and is replaced by its product from a table; the products are summed.
/// Thread-safe: pure functions.
/// </summary>
/// <remarks>
/// Product tables (index = digit): 2− {0,2,4,6,8,9,1,3,5,7}; 3 {0,3,6,9,2,5,8,1,4,7}; 5+ {0,5,1,6,2,7,3,8,4,9};
/// 5− {0,5,9,4,8,3,7,2,6,1}. Four-digit field: factors 2−, 2−, 3, 5−; verifier = units digit of (sum × 3) — <c>2875</c> → 9.
/// Five-digit field: factors 5+, 2−, 5−, 5+, 2−; r = (10 − sum mod 10) mod 10 and the verifier is the digit whose 5− product
/// is r — <c>14685</c> → 6 (a widely copied answer online wrongly says 7).
/// </remarks>
internal static class VerifierDigit
{
    private static ReadOnlySpan<byte> TwoMinus => [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
    private static ReadOnlySpan<byte> Three => [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
    private static ReadOnlySpan<byte> FivePlus => [0, 5, 1, 6, 2, 7, 3, 8, 4, 9];
    private static ReadOnlySpan<byte> FiveMinus => [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

    /// <summary>Computes the verifier digit of a 4- or 5-digit price or weight field.</summary>
    /// <exception cref="BarcodeFormatException">Not 4 or 5 ASCII digits.</exception>
    public static int Compute(ReadOnlySpan<char> value)
    {
        if (value.Length is not (4 or 5))
        {
            throw new BarcodeFormatException($"a verifier digit covers 4 or 5 digits, got {value.Length}");
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                throw new BarcodeFormatException($"'{CharDisplay.Printable(value[i])}' is not a digit", i);
            }
        }

        return ComputeUnchecked(value);
    }

    /// <summary>Computes the verifier digit of 4 or 5 digits already known to be ASCII digits.</summary>
    internal static int ComputeUnchecked(ReadOnlySpan<char> value)
    {
        if (value.Length == 4)
        {
            int sum = TwoMinus[value[0] - '0'] + TwoMinus[value[1] - '0'] + Three[value[2] - '0'] + FiveMinus[value[3] - '0'];
            return sum * 3 % 10;
        }

        int total = FivePlus[value[0] - '0'] + TwoMinus[value[1] - '0'] + FiveMinus[value[2] - '0'] + FivePlus[value[3] - '0'] + TwoMinus[value[4] - '0'];
        int r = (10 - (total % 10)) % 10;
        return FiveMinus.IndexOf((byte)r);
    }
}
