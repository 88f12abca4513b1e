using System.Globalization;
using System.Text;

namespace KioskRuntime.Peripherals.Display;

/// <summary>Which character ROM the HD44780 (or compatible) has: A00 (Japanese, the common one) or A02 (European, Latin-1-like upper half).</summary>
public enum LcdRom
{
    A00,
    A02,
}

/// <summary>
/// Turns text into HD44780 character codes that fit one line. On A00 the Norwegian letters æøåÆØÅ come from custom glyphs in CGRAM
/// slots 0–5 (<see cref="NorwegianGlyphs"/>); on A02 they are in the ROM (Latin-1 positions). '\' and '~' are not ASCII on A00 (¥ and →)
/// and become '/' and '-'. Other letters lose their accents (é → e); anything else becomes '?'. A tab splits a line into a left part
/// (cut if needed) and a right-aligned part that is kept whole, so "Lettmelk 1,75 l\t24,90" keeps its price. Stateless.
/// </summary>
internal static class LcdText
{
    private const string Norwegian = "æøåÆØÅ";

    /// <summary>The 5×8 glyphs for æ ø å Æ Ø Å, one row a byte (top first, 5 low bits), loaded into CGRAM slots 0–5 in this order.</summary>
    public static IReadOnlyList<byte[]> NorwegianGlyphs { get; } =
    [
        [0x00, 0x00, 0x1A, 0x05, 0x0F, 0x14, 0x0F, 0x00], // æ
        [0x00, 0x01, 0x0E, 0x13, 0x15, 0x19, 0x0E, 0x10], // ø
        [0x04, 0x0A, 0x04, 0x0E, 0x01, 0x0F, 0x11, 0x0F], // å
        [0x0F, 0x14, 0x14, 0x1F, 0x14, 0x14, 0x17, 0x00], // Æ
        [0x0E, 0x13, 0x13, 0x15, 0x19, 0x19, 0x0E, 0x00], // Ø
        [0x04, 0x0A, 0x04, 0x0E, 0x11, 0x1F, 0x11, 0x11], // Å
    ];

    /// <summary>One line of exactly <paramref name="width"/> character codes.</summary>
    public static byte[] Fit(string text, int width, LcdRom rom)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        text = text.ReplaceLineEndings(" ");
        int tab = text.IndexOf('\t', StringComparison.Ordinal);
        byte[] left = Encode(tab < 0 ? text : text[..tab], rom);
        byte[] right = tab < 0 ? [] : Encode(text[(tab + 1)..].Replace('\t', ' '), rom);
        var line = new byte[width];
        Array.Fill(line, (byte)' ');
        if (right.Length >= width)
        {
            right.AsSpan(0, width).CopyTo(line);
            return line;
        }

        int leftRoom = right.Length == 0 ? width : width - right.Length - 1;
        left.AsSpan(0, Math.Min(left.Length, leftRoom)).CopyTo(line);
        right.CopyTo(line.AsSpan(width - right.Length));
        return line;
    }

    /// <summary>The character codes for <paramref name="text"/>, one per text element.</summary>
    public static byte[] Encode(string text, LcdRom rom)
    {
        var codes = new List<byte>(text.Length);
        var elements = StringInfo.GetTextElementEnumerator(text.Normalize(NormalizationForm.FormC));
        while (elements.MoveNext())
        {
            codes.Add(Code(((string)elements.Current)[0], rom));
        }

        return [.. codes];
    }

    private static byte Code(char c, LcdRom rom)
    {
        int norwegian = Norwegian.IndexOf(c, StringComparison.Ordinal);
        if (rom == LcdRom.A00 && norwegian >= 0)
        {
            return (byte)norwegian;
        }

        switch (c)
        {
            case '\\':
                return rom == LcdRom.A00 ? (byte)'/' : (byte)'\\';
            case '~':
                return rom == LcdRom.A00 ? (byte)'-' : (byte)'~';
            case '€':
                return (byte)'E';
            case >= ' ' and <= '}':
                return (byte)c;
            case >= '\u00A0' and <= '\u00FF' when rom == LcdRom.A02:
                return (byte)c;
        }

        // Strip accents: é → e + combining mark.
        string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed[0] is >= ' ' and <= '}' and not '\\' ? (byte)decomposed[0] : (byte)'?';
    }
}
