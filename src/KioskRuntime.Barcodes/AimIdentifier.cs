using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes;

/// <summary>
/// An AIM symbology identifier (ISO/IEC 15424): <c>]</c>, a code character naming the symbology, and a modifier character
/// (<c>]E0</c>, <c>]C1</c>, <c>]d2</c>). HID POS scanners report it beside the data; keyboard-wedge scanners can be set to
/// prefix it to the data (split it off with <see cref="TrySplitPrefix"/>). Immutable and thread-safe.
/// </summary>
public readonly record struct AimIdentifier
{
    private AimIdentifier(char codeCharacter, char modifier)
    {
        CodeCharacter = codeCharacter;
        Modifier = modifier;
    }

    /// <summary>The symbology code character, e.g. <c>E</c>.</summary>
    public char CodeCharacter { get; }

    /// <summary>The modifier character, e.g. <c>0</c>.</summary>
    public char Modifier { get; }

    /// <summary>The symbology family named by <see cref="CodeCharacter"/>.</summary>
    public Symbology Symbology => CodeCharacter switch
    {
        'A' => Symbology.Code39,
        'B' => Symbology.Telepen,
        'C' => Symbology.Code128,
        'E' => Symbology.EanUpc,
        'F' => Symbology.Codabar,
        'G' => Symbology.Code93,
        'H' => Symbology.Code11,
        'I' => Symbology.Interleaved2Of5,
        'J' => Symbology.DotCode,
        'L' => Symbology.Pdf417,
        'M' => Symbology.Msi,
        'P' => Symbology.Plessey,
        'Q' => Symbology.QrCode,
        'U' => Symbology.MaxiCode,
        'X' => Symbology.Other,
        'Z' => Symbology.NonBarcode,
        'd' => Symbology.DataMatrix,
        'e' => Symbology.DataBar,
        'z' => Symbology.Aztec,
        _ => Symbology.Unknown,
    };

    /// <summary>
    /// True when the data is a GS1 element string (AIs, no leading FNC1, later FNC1s as GS 0x1D):
    /// <c>]C1</c> GS1-128, <c>]e0</c> GS1 DataBar, <c>]d2</c> GS1 DataMatrix, <c>]Q3</c> GS1 QR Code, <c>]J1</c> GS1 DotCode
    /// (GS1 General Specifications, symbology identifier table).
    /// <c>]E0</c>–<c>]E4</c> are GS1 carriers too, but their data is a bare GTIN (plus add-on for <c>]E3</c>), not AIs, so they are false.
    /// </summary>
    public bool CarriesGs1ElementString => (CodeCharacter, Modifier) is ('C', '1') or ('e', '0') or ('d', '2') or ('Q', '3') or ('J', '1');

    /// <summary>
    /// Parses exactly three characters: <c>]</c>, a letter, and an ASCII letter or digit. Never throws.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AimIdentifier identifier)
        => TryParse(text.AsSpan(), out identifier) && text is not null;

    /// <summary>Span form of <see cref="TryParse(string?, out AimIdentifier)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out AimIdentifier identifier)
    {
        if (text.Length == 3 && text[0] == ']' && char.IsAsciiLetter(text[1]) && char.IsAsciiLetterOrDigit(text[2]))
        {
            identifier = new AimIdentifier(text[1], text[2]);
            return true;
        }

        identifier = default;
        return false;
    }

    /// <summary>Parses like <see cref="TryParse(string?, out AimIdentifier)"/>.</summary>
    /// <exception cref="BarcodeFormatException">Not a three-character AIM identifier.</exception>
    public static AimIdentifier Parse(string text)
    {
        if (!TryParse(text, out AimIdentifier identifier))
        {
            throw new BarcodeFormatException($"'{text}' is not an AIM symbology identifier (']' + code letter + modifier)", 0);
        }

        return identifier;
    }

    /// <summary>
    /// Splits an AIM identifier off the front of scanned text (keyboard-wedge scanners configured to transmit it).
    /// Returns false, leaving <paramref name="data"/> as the whole input, when the input does not start with one.
    /// </summary>
    public static bool TrySplitPrefix(string input, out AimIdentifier identifier, out string data)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length >= 3 && TryParse(input.AsSpan(0, 3), out identifier))
        {
            data = input[3..];
            return true;
        }

        identifier = default;
        data = input;
        return false;
    }

    /// <summary>The three-character form, e.g. <c>]E0</c>; empty for <c>default</c>.</summary>
    public override string ToString() => CodeCharacter == '\0' ? string.Empty : $"]{CodeCharacter}{Modifier}";
}
