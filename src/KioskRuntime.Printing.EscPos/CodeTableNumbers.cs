using System.Collections.Frozen;

namespace KioskRuntime.Printing.EscPos;

/// <summary>
/// How each command set numbers its code tables: Epson <c>ESC t n</c> and Star line mode <c>ESC GS t n</c>. A property of the command
/// set, not of a model: the decoder reads any stream with it, and each profile picks the numbers its model has. Numbers whose table has
/// no single-byte mapping here (Katakana, Kanji, Thai, PC851, PC853, PC1098 …) are named, so a decoder can say which table it cannot show.
/// Immutable.
/// </summary>
internal static class CodeTableNumbers
{
    /// <summary>Epson <c>ESC t n</c> (ESC/POS command reference, "Select character code table"; field notes §3).</summary>
    public static FrozenDictionary<byte, CodeTable> Epson { get; } = new Dictionary<byte, CodeTable>
    {
        [0] = CodeTable.Pc437, [2] = CodeTable.Pc850, [3] = Cp(860), [4] = Cp(863), [5] = CodeTable.Pc865,
        [13] = CodeTable.Pc857, [14] = Cp(737), [15] = Cp(28597), [16] = CodeTable.Wpc1252, [17] = Cp(866), [18] = Cp(852),
        [19] = CodeTable.Pc858, [32] = Cp(720), [33] = Cp(775), [34] = Cp(855), [35] = Cp(861), [36] = Cp(862), [37] = Cp(864),
        [38] = Cp(869), [39] = Cp(28592), [40] = Cp(28605), [45] = Cp(1250), [46] = Cp(1251), [47] = Cp(1253), [48] = Cp(1254),
        [49] = Cp(1255), [50] = Cp(1256), [51] = Cp(1257), [52] = Cp(1258),
    }.ToFrozenDictionary();

    /// <summary>Epson numbers this runtime cannot show (no single-byte mapping in .NET), by the manual's name.</summary>
    public static FrozenDictionary<byte, string> EpsonUnmapped { get; } = new Dictionary<byte, string>
    {
        [1] = "Katakana", [6] = "Hiragana", [7] = "one-pass Kanji", [8] = "one-pass Kanji", [11] = "PC851", [12] = "PC853",
        [20] = "Thai 42", [21] = "Thai 11", [22] = "Thai 13", [23] = "Thai 14", [24] = "Thai 16", [25] = "Thai 17", [26] = "Thai 18",
        [30] = "TCVN-3", [31] = "TCVN-3", [41] = "PC1098", [42] = "PC1118", [43] = "PC1119", [44] = "PC1125", [53] = "KZ1048",
        [254] = "user-defined", [255] = "user-defined",
    }.ToFrozenDictionary();

    /// <summary>
    /// Star line mode <c>ESC GS t n</c> (Star line mode command specification; field notes §3 confirm 4, 9 and 32).
    /// </summary>
    public static FrozenDictionary<byte, CodeTable> Star { get; } = new Dictionary<byte, CodeTable>
    {
        [0] = CodeTable.Pc437, [1] = CodeTable.Pc437, [4] = CodeTable.Pc858, [5] = Cp(852), [6] = Cp(860), [7] = Cp(861),
        [8] = Cp(863), [9] = CodeTable.Pc865, [10] = Cp(866), [11] = Cp(855), [12] = CodeTable.Pc857, [13] = Cp(862),
        [14] = Cp(864), [15] = Cp(737), [17] = Cp(869), [32] = CodeTable.Wpc1252, [33] = Cp(1250), [34] = Cp(1251),
    }.ToFrozenDictionary();

    /// <summary>Star numbers this runtime cannot show, by the manual's name.</summary>
    public static FrozenDictionary<byte, string> StarUnmapped { get; } = new Dictionary<byte, string>
    {
        [2] = "Katakana", [16] = "PC851", [18] = "PC928", [19] = "PC772", [20] = "PC774", [21] = "PC874", [255] = "user-defined",
    }.ToFrozenDictionary();

    /// <summary>The numbers a profile lists: <paramref name="numbers"/> looked up in <paramref name="set"/>.</summary>
    public static (CodeTable Table, byte Number)[] Pick(FrozenDictionary<byte, CodeTable> set, params ReadOnlySpan<byte> numbers)
    {
        var picked = new (CodeTable, byte)[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            picked[i] = (set[numbers[i]], numbers[i]);
        }

        return picked;
    }

    private static CodeTable Cp(int codePage) => CodeTable.ForCodePage(codePage);
}
