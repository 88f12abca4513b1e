using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes;

/// <summary>
/// The one entry point the kiosk calls for every scan: decides what the scanned data means.
/// Construct it once with the variable measure templates of the hardware profile; it is immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Trailing CR and LF are removed. Data starting with <c>http://</c> or <c>https://</c> is read as a GS1 Digital Link URI
/// whatever the AIM identifier (<see cref="Gs1ElementString.TryParseDigitalLink(string?, out Gs1ElementString?, out BarcodeParseError?)"/>):
/// a GTIN link becomes a <see cref="Gs1Code"/>, an address without a GS1 key an <see cref="OtherCode"/>, a broken or non-product
/// Digital Link an <see cref="InvalidCode"/> whose reason starts "this QR code is not a product code". With an AIM identifier: <c>]C1 ]e0 ]d2 ]Q3 ]J1</c> → GS1 element string;
/// <c>]E0</c> → EAN-13 (13 digits), UPC-A (12) or UPC-E (8); <c>]E4</c> → EAN-8; <c>]E3</c> → EAN/UPC with add-on;
/// <c>]I</c> with 14 digits → ITF-14 GTIN; anything else → <see cref="OtherCode"/>.</para>
/// <para>Without one: 8, 12, 13 or 14 digits → GTIN (8 digits are taken as EAN-8: a UPC-E cannot be told apart without
/// the AIM id); starting with '(' → bracketed GS1; containing GS → raw GS1; anything else → <see cref="OtherCode"/>.</para>
/// <para>A 13-digit GTIN whose leading digits match a template's prefix (longest prefix wins) becomes a
/// <see cref="VariableMeasureCode"/>; a 2X code matching no template is an ordinary <see cref="ProductCode"/>.</para>
/// </remarks>
public sealed partial class BarcodeInterpreter
{
    private readonly VariableMeasureTemplate[] _templates;

    /// <summary>Creates the interpreter.</summary>
    /// <param name="templates">Variable measure layouts from the hardware profile; may be empty.</param>
    /// <exception cref="VariableMeasureTemplateException">A template is invalid or two share a prefix; all problems are listed.</exception>
    public BarcodeInterpreter(IEnumerable<VariableMeasureTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        VariableMeasureTemplate[] list = [.. templates];
        var problems = new List<string>();
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Length; i++)
        {
            VariableMeasureTemplate? template = list[i];
            if (template is null)
            {
                problems.Add($"template #{i} is null");
                continue;
            }

            foreach (string problem in template.Validate())
            {
                problems.Add($"template #{i} (prefix \"{template.Prefix}\"): {problem}");
            }

            if (!prefixes.Add(template.Prefix ?? string.Empty))
            {
                problems.Add($"template #{i}: prefix \"{template.Prefix}\" is used by an earlier template");
            }
        }

        if (problems.Count > 0)
        {
            throw new VariableMeasureTemplateException(problems);
        }

        _templates = [.. list.OrderByDescending(t => t.Prefix.Length)];
        Templates = Array.AsReadOnly(_templates);
    }

    /// <summary>The templates in matching order (longest prefix first), read-only.</summary>
    public IReadOnlyList<VariableMeasureTemplate> Templates { get; }

    /// <summary>
    /// Interprets one scan. Never throws, whatever the input.
    /// </summary>
    /// <param name="data">The decoded data as the scanner sent it (a trailing CR/LF is removed).</param>
    /// <param name="aimId">The AIM symbology identifier (<c>]E0</c>), or null when the scanner did not report one.</param>
    public BarcodeReading Interpret(string data, string? aimId)
    {
        string text = (data ?? string.Empty).TrimEnd('\r', '\n');
        if (text.Length == 0)
        {
            return new InvalidCode(text, "no data", null);
        }

        if (Gs1ElementString.LooksLikeWebUri(text))
        {
            // A web address is read as a GS1 Digital Link whatever the carrier (]Q1 QR, ]d1 Data Matrix, a wedge without AIM id).
            // An ordinary web address (no GS1 key in its path) stays an OtherCode for the kiosk to decide on.
            return Gs1ElementString.TryParseDigitalLink(text, out Gs1ElementString? link, out BarcodeParseError? linkError, out bool claimsGs1)
                ? new Gs1Code(link)
                : claimsGs1 ? new InvalidCode(text, linkError.Reason, linkError.Offset) : new OtherCode(text, AimSymbology(aimId));
        }

        if (string.IsNullOrEmpty(aimId))
        {
            return InterpretWithoutAim(text);
        }

        if (!AimIdentifier.TryParse(aimId, out AimIdentifier aim))
        {
            return new InvalidCode(text, $"malformed AIM symbology identifier \"{aimId}\" (expected ']' + letter + modifier)", null);
        }

        if (aim.CarriesGs1ElementString)
        {
            return Gs1ElementString.TryParse(text, out Gs1ElementString? raw, out BarcodeParseError? error)
                ? new Gs1Code(raw)
                : new InvalidCode(text, error.Reason, error.Offset);
        }

        return aim.Symbology switch
        {
            Symbology.EanUpc => InterpretEanUpc(text, aim),
            Symbology.Interleaved2Of5 when text.Length == 14 && IsAllDigits(text) => InterpretGtin(text),
            _ => new OtherCode(text, aim.Symbology),
        };
    }

    private BarcodeReading InterpretWithoutAim(string text)
    {
        if (text.Length is 8 or 12 or 13 or 14 && IsAllDigits(text))
        {
            return InterpretGtin(text);
        }

        if (text[0] == '(')
        {
            return Gs1ElementString.TryParseBracketed(text, out Gs1ElementString? bracketed, out BarcodeParseError? error)
                ? new Gs1Code(bracketed)
                : new InvalidCode(text, error.Reason, error.Offset);
        }

        if (text.Contains(Gs1ElementString.GroupSeparator))
        {
            return Gs1ElementString.TryParse(text, out Gs1ElementString? raw, out BarcodeParseError? error)
                ? new Gs1Code(raw)
                : new InvalidCode(text, error.Reason, error.Offset);
        }

        return new OtherCode(text, Symbology.Unknown);
    }

    private static Symbology AimSymbology(string? aimId) =>
        AimIdentifier.TryParse(aimId, out AimIdentifier aim) ? aim.Symbology : Symbology.Unknown;

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
