using System.Collections.Frozen;
using System.Text;

namespace KioskRuntime.Printing;

/// <summary>A single-byte code page a printer can switch to, with its Unicode mapping. Instances are immutable and shared.</summary>
public sealed class CodeTable
{
    private readonly string[] _toUnicode;
    private readonly FrozenDictionary<char, byte> _fromUnicode;

    static CodeTable()
    {
        // Process-wide, idempotent registration of ibm00858/ibm865/ibm850/windows-1252.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Pc437 = new CodeTable("PC437", 437);
        Pc850 = new CodeTable("PC850", 850);
        Pc858 = new CodeTable("PC858", 858);
        Pc865 = new CodeTable("PC865", 865);
        Wpc1252 = new CodeTable("WPC1252", 1252);
        All = [Pc437, Pc850, Pc858, Pc865, Wpc1252];
    }

    private CodeTable(string name, int codePage)
    {
        Name = name;
        CodePage = codePage;
        var encoding = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
        _toUnicode = new string[256];
        var reverse = new Dictionary<char, byte>();
        for (var b = 0; b < 256; b++)
        {
            string text = b < 0x20 ? "\uFFFD" : encoding.GetString([(byte)b]);
            _toUnicode[b] = text;
            if (b >= 0x20 && text.Length == 1 && text[0] != '\uFFFD' && !char.IsControl(text[0]))
            {
                reverse.TryAdd(text[0], (byte)b);
            }
        }

        _fromUnicode = reverse.ToFrozenDictionary();
    }

    public static CodeTable Pc437 { get; }

    public static CodeTable Pc850 { get; }

    public static CodeTable Pc858 { get; }

    public static CodeTable Pc865 { get; }

    public static CodeTable Wpc1252 { get; }

    internal static IReadOnlyList<CodeTable> All { get; }

    /// <summary>Name as printers' manuals write it, e.g. <c>PC858</c>.</summary>
    public string Name { get; }

    /// <summary>The code page number (858, 865 …).</summary>
    public int CodePage { get; }

    /// <summary>The Unicode text a byte prints as (bytes below 0x20 are controls and map to U+FFFD).</summary>
    public string ToUnicode(byte b) => _toUnicode[b];

    public bool TryEncode(char c, out byte b) => _fromUnicode.TryGetValue(c, out b);

    public bool CanEncode(char c) => _fromUnicode.ContainsKey(c);

    public override string ToString() => Name;
}
