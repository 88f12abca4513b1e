using KioskRuntime.Barcodes;

namespace KioskRuntime.Contract;

/// <summary>
/// The contract's GTIN form: exactly 14 ASCII digits whose last is the GS1 check digit (computed by
/// <see cref="GtinCheckDigit"/>, the only implementation in the kiosk). Thread-safe: pure.
/// </summary>
public static class ContractGtin
{
    /// <summary>True when <paramref name="text"/> is a contract GTIN; otherwise <paramref name="problem"/> says what is wrong.</summary>
    public static bool IsValid(string? text, out string? problem)
    {
        if (text is null || text.Length != 14)
        {
            problem = $"\"{text}\" must be exactly 14 digits, got {text?.Length ?? 0} characters";
            return false;
        }

        var bad = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        if (bad >= 0)
        {
            problem = $"\"{text}\" has a non-digit at position {bad + 1}";
            return false;
        }

        var check = GtinCheckDigit.Compute(text.AsSpan(0, 13));
        if (text[13] - '0' != check)
        {
            problem = $"\"{text}\" has check digit {text[13]}, expected {check}";
            return false;
        }

        problem = null;
        return true;
    }
}
