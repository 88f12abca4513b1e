using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>A GTIN-14 (14 digits, valid GS1 mod-10 check digit). Immutable.</summary>
internal readonly record struct Gtin
{
    private Gtin(string value) => Value = value;

    public string Value { get; }

    /// <summary>Parses 14 digits with a valid check digit; <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Gtin? gtin, [NotNullWhen(false)] out string? error)
    {
        gtin = null;
        if (text is null || text.Length != 14)
        {
            error = $"GTIN must be 14 digits, got {Describe(text)}";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = $"GTIN has a non-digit at position {i}: {Describe(text)}";
                return false;
            }
        }

        var expected = CheckDigit(text.AsSpan(0, 13));
        if (text[13] - '0' != expected)
        {
            error = $"GTIN {text} has check digit {text[13]}, expected {expected}";
            return false;
        }

        gtin = new Gtin(text);
        error = null;
        return true;
    }

    /// <summary>
    /// The valid case of <see cref="TryParse(string?, out Gtin?, out string?)"/> over UTF-8 text: 14 ASCII digits with a valid
    /// check digit. False for anything else; the string version then says what was wrong.
    /// </summary>
    public static bool TryParseValid(ReadOnlySpan<byte> utf8, out Gtin gtin)
    {
        gtin = default;
        if (utf8.Length != 14)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 13; i++)
        {
            var digit = utf8[12 - i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            sum += i % 2 == 0 ? digit * 3 : digit;
        }

        if (utf8[13] - '0' != (10 - (sum % 10)) % 10)
        {
            return false;
        }

        gtin = new Gtin(System.Text.Encoding.ASCII.GetString(utf8));
        return true;
    }

    /// <summary>GS1 mod-10: from the right, weights 3,1,3,1… over the digits before the check digit.</summary>
    public static int CheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        for (var i = 0; i < digitsWithoutCheck.Length; i++)
        {
            var digit = digitsWithoutCheck[digitsWithoutCheck.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }

        return (10 - (sum % 10)) % 10;
    }

    public override string ToString() => Value;

    private static string Describe(string? text) => text is null ? "nothing" : $"\"{text}\"";
}
