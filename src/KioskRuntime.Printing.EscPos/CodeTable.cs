using System.Collections.Frozen;
using System.Text;

namespace KioskRuntime.Printing.EscPos;

/// <summary>A single-byte code page a printer can switch to, with its Unicode mapping. Instances are immutable and shared.</summary>
public sealed class CodeTable
{
    // Built on first use: the profiles name some 30 tables, a printer uses a few, and kiosk start should not pay for the rest.
    private readonly Lazy<Mapping> _mapping;

    static CodeTable()
    {
        // Process-wide, idempotent registration of the IBM and Windows code pages (ibm00858, ibm865 …).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Pc437 = new CodeTable("PC437", 437);
        Pc850 = new CodeTable("PC850", 850);
        Pc858 = new CodeTable("PC858", 858);
        Pc865 = new CodeTable("PC865", 865);
        Wpc1252 = new CodeTable("WPC1252", 1252);

        // PC857 as the printers have it: IBM's euro update of 857 puts € at D5, which .NET's ibm857 leaves unassigned (U+F8BB).
        Pc857 = new CodeTable("PC857", 857, ((byte)0xD5, '€'));
        CodeTable[] others =
        [
            new("PC720", 720), new("PC737", 737), new("WPC775", 775), new("PC852", 852), new("PC855", 855),
            new("PC860", 860), new("PC861", 861), new("PC862", 862), new("PC863", 863), new("PC864", 864), new("PC866", 866),
            new("PC869", 869), new("WPC1250", 1250), new("WPC1251", 1251), new("WPC1253", 1253), new("WPC1254", 1254),
            new("WPC1255", 1255), new("WPC1256", 1256), new("WPC1257", 1257), new("WPC1258", 1258),
            new("ISO8859-2", 28592), new("ISO8859-7", 28597), new("ISO8859-15", 28605),
        ];
        All = [Pc437, Pc850, Pc858, Pc865, Wpc1252, Pc857, .. others];
        ByCodePage = All.ToFrozenDictionary(t => t.CodePage);
    }

    private CodeTable(string name, int codePage, params (byte Byte, char Char)[] printerAdditions)
    {
        Name = name;
        CodePage = codePage;
        _mapping = new Lazy<Mapping>(() => Build(codePage, printerAdditions), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private static Mapping Build(int codePage, (byte Byte, char Char)[] printerAdditions)
    {
        var encoding = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        var toUnicode = new string[256];
        for (var b = 0; b < 256; b++)
        {
            toUnicode[b] = b < 0x20 ? "\uFFFD" : encoding.GetString([(byte)b]);
        }

        foreach (var (b, c) in printerAdditions)
        {
            toUnicode[b] = c.ToString();
        }

        var reverse = new Dictionary<char, byte>();
        for (var b = 0x20; b < 256; b++)
        {
            var text = toUnicode[b];
            if (text.Length == 1 && text[0] != '\uFFFD' && !char.IsControl(text[0]))
            {
                reverse.TryAdd(text[0], (byte)b);
            }
        }

        return new Mapping(toUnicode, reverse.ToFrozenDictionary());
    }

    public static CodeTable Pc437 { get; }

    public static CodeTable Pc850 { get; }

    public static CodeTable Pc858 { get; }

    public static CodeTable Pc865 { get; }

    public static CodeTable Wpc1252 { get; }

    /// <summary>PC857 (Turkish) with € at D5, as ESC/POS printers have it.</summary>
    internal static CodeTable Pc857 { get; }

    /// <summary>Every table the supported printers' manuals list that has a single-byte mapping here (see the Printing README).</summary>
    internal static IReadOnlyList<CodeTable> All { get; }

    private static FrozenDictionary<int, CodeTable> ByCodePage { get; }

    /// <summary>The table for a code page number (437, 857, 28605 …); throws for one not in <see cref="All"/>.</summary>
    internal static CodeTable ForCodePage(int codePage) => ByCodePage[codePage];

    /// <summary>Name as printers' manuals write it, e.g. <c>PC858</c>.</summary>
    public string Name { get; }

    /// <summary>The .NET code page number (858, 865, 28605 for ISO 8859-15 …).</summary>
    public int CodePage { get; }

    /// <summary>The Unicode text a byte prints as (bytes below 0x20 are controls and map to U+FFFD).</summary>
    public string ToUnicode(byte b) => _mapping.Value.ToUnicode[b];

    public bool TryEncode(char c, out byte b) => _mapping.Value.FromUnicode.TryGetValue(c, out b);

    public bool CanEncode(char c) => _mapping.Value.FromUnicode.ContainsKey(c);

    public override string ToString() => Name;

    private sealed record Mapping(string[] ToUnicode, FrozenDictionary<char, byte> FromUnicode);
}
