namespace KioskRuntime.Hardware.Profiles;

/// <summary>Norwegian organisation numbers (Brønnøysundregistrene): 9 digits, the last a modulus-11 check digit with weights 3 2 7 6 5 4 3 2.</summary>
public static class OrgNumber
{
    private static ReadOnlySpan<int> Weights => [3, 2, 7, 6, 5, 4, 3, 2];

    public static bool IsValid(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == digits[8] - '0';
    }

    /// <summary>Formats as printed on receipts: <c>123 456 785</c>.</summary>
    public static string Format(string digits) => digits.Length == 9 ? $"{digits[..3]} {digits[3..6]} {digits[6..]}" : digits;
}
