using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>A GTIN-14 (14 ASCII digits, valid GS1 mod-10 check digit). Immutable.</summary>
internal readonly record struct Gtin
{
    private const int Length = 14;

    private Gtin(string value) => Value = value;

    public string Value { get; }

    /// <summary>Parses 14 digits with a valid check digit; <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Gtin? gtin, [NotNullWhen(false)] out string? error)
    {
        gtin = null;
        error = text is null ? $"GTIN must be {Length} digits, got nothing" : Check(text);
        if (error is not null)
        {
            return false;
        }

        gtin = new Gtin(text!);
        return true;
    }

    /// <summary><see cref="TryParse(string?, out Gtin?, out string?)"/> over UTF-8 text.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out Gtin? gtin, [NotNullWhen(false)] out string? error)
    {
        if (utf8.Length != Length || !Ascii.IsValid(utf8))
        {
            return TryParse(Encoding.UTF8.GetString(utf8), out gtin, out error); // to word the error as for the text
        }

        Span<char> chars = stackalloc char[Length];
        Ascii.ToUtf16(utf8, chars, out _);
        gtin = null;
        error = Check(chars);
        if (error is not null)
        {
            return false;
        }

        gtin = new Gtin(new string(chars));
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

    /// <summary>What is wrong with the text, or null when it is a GTIN-14.</summary>
    private static string? Check(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return $"GTIN must be {Length} digits, got \"{text}\"";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return $"GTIN has a non-digit at position {i}: \"{text}\"";
            }
        }

        var expected = CheckDigit(text[..(Length - 1)]);
        return text[Length - 1] - '0' == expected ? null : $"GTIN {text} has check digit {text[Length - 1]}, expected {expected}";
    }
}
