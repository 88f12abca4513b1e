using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.EscPos.Rendering;

/// <summary>
/// Bar/space modules of EAN-13 and CODE128 symbols for previews (true = bar). Widths from the symbology specifications
/// (GS1 General Specifications for EAN-13 L/G/R sets; ISO/IEC 15417 for CODE128 symbol characters). Stateless.
/// </summary>
internal static class BarcodeModules
{
    // CODE128 symbol characters 0..105 as bar/space widths (b s b s b s), then the stop pattern (7 elements).
    private static readonly string[] Code128Widths =
    (
        "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 " +
        "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 " +
        "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 " +
        "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 " +
        "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 " +
        "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 " +
        "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 " +
        "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 " +
        "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 " +
        "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 " +
        "114131 311141 411131 211412 211214 211232 2331112"
    ).Split(' ');

    // EAN-13 left-half sets: L (odd parity) per digit; G is R reversed; R is L inverted.
    private static readonly string[] EanL = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];

    // Parity of the six left digits (L = false, G = true), chosen by the first (implied) digit.
    private static readonly string[] EanParity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"];

    /// <summary>The modules for a decoded barcode, or null when previews do not draw this symbology.</summary>
    public static bool[]? For(DecodedBarcode barcode)
    {
        try
        {
            return barcode.Symbology switch
            {
                "EAN-13" => Ean13(barcode.Data),
                "CODE128" => Code128(EscPosEncoder.Code128Data(barcode.Data, gs1: false)),
                "GS1-128" => Code128(EscPosEncoder.Code128Data(barcode.Data, gs1: true)),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            return null; // data the printer would refuse too: drawn as a labelled frame instead
        }
    }

    public static bool[] Ean13(string data)
    {
        var digits = EscPosEncoder.Ean13Digits(data);
        var modules = new List<bool>(95);
        Add(modules, "101");
        var parity = EanParity[digits[0] - '0'];
        for (var i = 1; i <= 6; i++)
        {
            var l = EanL[digits[i] - '0'];
            // G = reverse of R = reverse of inverted L.
            Add(modules, parity[i - 1] == 'L' ? l : new string(l.Reverse().Select(c => c == '0' ? '1' : '0').ToArray()));
        }

        Add(modules, "01010");
        for (var i = 7; i <= 12; i++)
        {
            Add(modules, new string(EanL[digits[i] - '0'].Select(c => c == '0' ? '1' : '0').ToArray()));
        }

        Add(modules, "101");
        return [.. modules];
    }

    /// <summary>Symbols from the ESC/POS CODE128 notation ({A {B {C switches, {1 FNC1, {{ brace), then check and stop.</summary>
    public static bool[] Code128(ReadOnlySpan<byte> escPos)
    {
        var symbols = new List<int>();
        char set = '\0';
        for (var i = 0; i < escPos.Length; i++)
        {
            var b = escPos[i];
            if (b == '{' && i + 1 < escPos.Length && escPos[i + 1] != '{')
            {
                var c = (char)escPos[++i];
                if (c is 'A' or 'B' or 'C')
                {
                    symbols.Add(set == '\0' ? c switch { 'A' => 103, 'B' => 104, _ => 105 } : c switch { 'A' => 101, 'B' => 100, _ => 99 });
                    set = c;
                }
                else if (c == '1')
                {
                    symbols.Add(102);
                }

                continue;
            }

            if (b == '{')
            {
                i++; // "{{" is one brace
            }

            symbols.Add(set switch
            {
                'C' => b,
                'A' => b >= 32 ? b - 32 : b + 64,
                _ => b - 32,
            });
        }

        var check = symbols[0];
        for (var i = 1; i < symbols.Count; i++)
        {
            check += i * symbols[i];
        }

        symbols.Add(check % 103);
        var modules = new List<bool>();
        foreach (var symbol in symbols)
        {
            AddWidths(modules, Code128Widths[symbol]);
        }

        AddWidths(modules, Code128Widths[106]);
        return [.. modules];
    }

    private static void Add(List<bool> modules, string bits)
    {
        foreach (var c in bits)
        {
            modules.Add(c == '1');
        }
    }

    private static void AddWidths(List<bool> modules, string widths)
    {
        var bar = true;
        foreach (var w in widths)
        {
            modules.AddRange(Enumerable.Repeat(bar, w - '0'));
            bar = !bar;
        }
    }
}
