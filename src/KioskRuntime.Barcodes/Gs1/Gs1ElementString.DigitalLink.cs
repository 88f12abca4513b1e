using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>
/// GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax, release 1.2, ABNF grammar), uncompressed form, any domain:
/// <c>https://example.com/any/prefix/01/{gtin}/22/{cpv}/10/{lot}/21/{serial}?17=261231&amp;3103=001250</c>.
/// </summary>
/// <remarks>
/// Compressed Digital Link URIs (GS1 Digital Link: Compression) are not read: they need GS1's binary encoding tables, the
/// packaging a shop sells is expected to carry the uncompressed form (GS1's own resolver examples and GSCN 23-103 use it),
/// and a compressed URI is answered with a reason, never misread.
/// </remarks>
public sealed partial class Gs1ElementString
{
    /// <summary>The domain <see cref="ToDigitalLinkUri"/> uses when none is given (GS1's resolver).</summary>
    public const string DefaultDigitalLinkDomain = "https://id.gs1.org";

    /// <summary>The start of every reason a Digital Link URI is refused with: what a customer reads on the display.</summary>
    public const string NotAProductCode = "this QR code is not a product code";

    /// <summary>The key qualifiers of a GTIN, in the one order the standard allows (ABNF <c>gtin-path</c>).</summary>
    private static readonly string[] GtinQualifiers = ["22", "10", "21"];

    /// <summary>The primary keys of the URI syntax (ABNF <c>gs1path</c>), named for a customer. Only 01 is sold here.</summary>
    private static readonly FrozenDictionary<string, string> PrimaryKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["01"] = "a product (GTIN)", ["8006"] = "a product component (ITIP)", ["8013"] = "a product model (GMN)",
        ["8010"] = "a component or part (CPID)", ["414"] = "a location (GLN)", ["417"] = "a company (GLN)",
        ["8017"] = "a service provider (GSRN)", ["8018"] = "a service recipient (GSRN)", ["255"] = "a coupon (GCN)",
        ["00"] = "a shipping container (SSCC)", ["253"] = "a document (GDTI)", ["401"] = "a consignment (GINC)",
        ["402"] = "a shipment (GSIN)", ["8003"] = "a returnable asset (GRAI)", ["8004"] = "an asset (GIAI)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when <paramref name="text"/> starts with <c>http://</c> or <c>https://</c> (any case): a web address, to be read as a Digital Link.</summary>
    public static bool LooksLikeWebUri(string? text) =>
        text is not null && (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the AI may be a data attribute (query string) of a GTIN Digital Link: not a primary key, not a key qualifier.</summary>
    public static bool IsDigitalLinkAttribute(string ai) => !PrimaryKeys.ContainsKey(ai) && Array.IndexOf(GtinQualifiers, ai) < 0;

    /// <summary>
    /// Reads an uncompressed GS1 Digital Link URI with a GTIN primary key into the element string it stands for: 01, then the
    /// key qualifiers 22, 10, 21 from the path, then the data attributes of the query string in their order. Non-numeric query
    /// parameters (<c>linkType</c>, tracking) and the fragment are ignored. Every value is percent-decoded and then checked like
    /// an element string's (character set, length, check digit, date). Never throws; every reason starts with
    /// <see cref="NotAProductCode"/> and its offset points into <paramref name="uri"/>.
    /// </summary>
    public static bool TryParseDigitalLink(string? uri, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out BarcodeParseError? error)
        => TryParseDigitalLink(uri, out result, out error, out _);

    /// <summary>
    /// As <see cref="TryParseDigitalLink(string?, out Gs1ElementString?, out BarcodeParseError?)"/>; <paramref name="claimsGs1"/>
    /// is false when a refused address has no GS1 key in its path at all (an ordinary web address, not a broken Digital Link).
    /// </summary>
    internal static bool TryParseDigitalLink(string? uri, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out BarcodeParseError? error, out bool claimsGs1)
    {
        result = null;
        claimsGs1 = true;
        string s = uri ?? string.Empty;
        if (!LooksLikeWebUri(s))
        {
            return Fail("not a web address (a GS1 Digital Link starts with https:// or http://)", 0, out error);
        }

        int authorityStart = s.IndexOf("://", StringComparison.Ordinal) + 3;
        int pathStart = s.AsSpan(authorityStart).IndexOfAny('/', '?', '#');
        pathStart = pathStart < 0 ? s.Length : authorityStart + pathStart;
        for (int i = authorityStart; i < pathStart; i++)
        {
            if (s[i] is <= ' ' or > '~')
            {
                return Fail($"the domain contains '{CharDisplay.Printable(s[i])}'", i, out error);
            }
        }

        if (pathStart == authorityStart)
        {
            return Fail("the address has no domain", authorityStart, out error);
        }

        int queryMark = s.AsSpan(pathStart).IndexOfAny('?', '#');
        int pathEnd = queryMark < 0 ? s.Length : pathStart + queryMark;
        var segments = new List<(string Text, int Start)>();
        for (int at = pathStart; at < pathEnd;)
        {
            int next = s.AsSpan(at + 1, pathEnd - at - 1).IndexOf('/');
            int end = next < 0 ? pathEnd : at + 1 + next;
            segments.Add((s[(at + 1)..end], at + 1));
            at = end;
        }

        if (segments.Count > 0 && segments[^1].Text.Length == 0)
        {
            segments.RemoveAt(segments.Count - 1); // one trailing slash is tolerated
        }

        int key = FindPrimaryKey(segments);
        if (key < 0)
        {
            // A compressed link's path is one long base64url segment mixing digits, upper and lower case letters.
            bool compressed = segments.Count > 0 && segments[^1].Text is { Length: >= 10 } last
                && last.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                && last.Any(char.IsAsciiDigit) && last.Any(char.IsAsciiLetterUpper) && last.Any(char.IsAsciiLetterLower);
            claimsGs1 = compressed;
            return Fail(
                compressed
                    ? "no GS1 key in its path (a compressed GS1 Digital Link is not read by this kiosk)"
                    : "no GS1 key in its path (a product's GS1 Digital Link has /01/ followed by the GTIN)",
                pathStart,
                out error);
        }

        if (segments[key].Text != "01")
        {
            return Fail($"it identifies {PrimaryKeys[segments[key].Text]}, not a product for sale", segments[key].Start, out error);
        }

        var elements = new List<Gs1Element>(6);
        (string gtinText, int gtinStart) = segments[key + 1];
        if (!TryDecode(gtinText, gtinStart, out string gtin, out error))
        {
            return false;
        }

        // ABNF gtin-value = 14, 13, 12 or 8 digits; the element string always has 14.
        if (gtin.Length is 8 or 12 or 13 && gtin.All(char.IsAsciiDigit))
        {
            gtin = gtin.PadLeft(14, '0');
        }

        if (!TryAddDecoded(elements, "01", segments[key].Start, gtin, gtinText, gtinStart, out error))
        {
            return false;
        }

        int lastRank = -1;
        for (int i = key + 2; i < segments.Count; i += 2)
        {
            (string ai, int aiStart) = segments[i];
            int rank = Array.IndexOf(GtinQualifiers, ai);
            if (rank < 0)
            {
                return Fail($"/{ai}/ is not a key qualifier of a GTIN (allowed: /22/, /10/, /21/, in that order)", aiStart, out error);
            }

            if (rank <= lastRank)
            {
                return Fail($"/{ai}/ is out of order: a GTIN's key qualifiers come in the order /22/, /10/, /21/", aiStart, out error);
            }

            lastRank = rank;
            if (!TryDecode(segments[i + 1].Text, segments[i + 1].Start, out string value, out error)
                || !TryAddDecoded(elements, ai, aiStart, value, segments[i + 1].Text, segments[i + 1].Start, out error))
            {
                return false;
            }
        }

        if (queryMark >= 0 && s[pathEnd] == '?' && !TryReadQuery(s, pathEnd + 1, elements, out error))
        {
            return false;
        }

        result = new Gs1ElementString([.. elements]);
        error = null;
        return true;
    }

    /// <summary>Reads a Digital Link URI like <see cref="TryParseDigitalLink"/>.</summary>
    /// <exception cref="BarcodeFormatException">Not a GTIN Digital Link; the message says why and where.</exception>
    public static Gs1ElementString ParseDigitalLink(string uri)
    {
        if (!TryParseDigitalLink(uri, out Gs1ElementString? result, out BarcodeParseError? error))
        {
            throw error.ToException();
        }

        return result;
    }

    /// <summary>
    /// This element string as an uncompressed GS1 Digital Link URI: <paramref name="domain"/> (default <see cref="DefaultDigitalLinkDomain"/>),
    /// <c>/01/{gtin-14}</c>, the key qualifiers present in the order 22, 10, 21, then every other element as a query parameter in
    /// element order. Characters other than letters, digits, <c>-</c>, <c>.</c>, <c>_</c> and <c>~</c> are percent-encoded.
    /// </summary>
    /// <exception cref="InvalidOperationException">No GTIN (AI 01), or an element that a GTIN Digital Link cannot carry (another primary key).</exception>
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not an http(s) address.</exception>
    public string ToDigitalLinkUri(string? domain = null)
    {
        string prefix = (domain ?? DefaultDigitalLinkDomain).TrimEnd('/');
        if (!LooksLikeWebUri(prefix) || prefix.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            throw new ArgumentException($"'{prefix}' is not an http(s) address without query or fragment", nameof(domain));
        }

        Gs1Element gtin = Find("01") ?? throw new InvalidOperationException("A GS1 Digital Link needs a GTIN (AI 01).");
        var builder = new StringBuilder(prefix).Append("/01/").Append(gtin.RawValue);
        foreach (string qualifier in GtinQualifiers)
        {
            if (Find(qualifier) is { } element)
            {
                builder.Append('/').Append(qualifier).Append('/');
                Encode(builder, element.RawValue);
            }
        }

        char separator = '?';
        foreach (Gs1Element element in _elements)
        {
            if (element.Ai == "01" || Array.IndexOf(GtinQualifiers, element.Ai) >= 0)
            {
                continue;
            }

            if (!IsDigitalLinkAttribute(element.Ai))
            {
                throw new InvalidOperationException($"AI ({element.Ai}) is a primary key; a GTIN's Digital Link cannot carry it.");
            }

            builder.Append(separator).Append(element.Ai).Append('=');
            Encode(builder, element.RawValue);
            separator = '&';
        }

        return builder.ToString();
    }

    /// <summary>The leftmost segment that is a primary key followed by values and AI-like qualifier segments to the end of the path.</summary>
    private static int FindPrimaryKey(List<(string Text, int Start)> segments)
    {
        for (int i = 0; i + 1 < segments.Count; i++)
        {
            if ((segments.Count - i) % 2 != 0 || !PrimaryKeys.ContainsKey(segments[i].Text))
            {
                continue;
            }

            bool pairs = true;
            for (int q = i + 2; q < segments.Count && pairs; q += 2)
            {
                pairs = segments[q].Text.Length is >= 2 and <= 4 && segments[q].Text.All(char.IsAsciiDigit);
            }

            if (pairs)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryReadQuery(string s, int start, List<Gs1Element> elements, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        int end = s.IndexOf('#', start);
        end = end < 0 ? s.Length : end;
        for (int at = start; at < end;)
        {
            int amp = s.IndexOf('&', at, end - at);
            int paramEnd = amp < 0 ? end : amp;
            int equals = s.IndexOf('=', at, paramEnd - at);
            string name = s[at..(equals < 0 ? paramEnd : equals)];
            if (name.Length > 0 && name.All(char.IsAsciiDigit))
            {
                if (equals < 0)
                {
                    return Fail($"AI ({name}) in the query string has no value", at, out error);
                }

                if (!Gs1ApplicationIdentifiers.TryFind(name, out _))
                {
                    return Fail($"unknown or unsupported application identifier ({name}) in the query string", at, out error);
                }

                if (!IsDigitalLinkAttribute(name))
                {
                    string where = PrimaryKeys.ContainsKey(name) ? "a primary key" : "a key qualifier, which belongs in the path";
                    return Fail($"AI ({name}) is {where}, not a data attribute", at, out error);
                }

                string raw = s[(equals + 1)..paramEnd];
                if (!TryDecode(raw, equals + 1, out string value, out error) || !TryAddDecoded(elements, name, at, value, raw, equals + 1, out error))
                {
                    return false;
                }
            }

            at = paramEnd + 1;
        }

        error = null;
        return true;
    }

    private static bool TryAddDecoded(List<Gs1Element> elements, string ai, int aiStart, string value, string raw, int rawStart, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        Gs1ApplicationIdentifiers.TryFind(ai, out Gs1AiDefinition? definition);
        if (TryAdd(elements, definition!, value, rawStart, out error))
        {
            return true;
        }

        // Offsets inside a percent-decoded value would not point at the URI's characters: point at the value's start instead;
        // an error about the element as a whole (a repeated AI) points at its AI.
        int? offset = error.Offset < rawStart ? aiStart : value == raw ? error.Offset : rawStart;
        error = new BarcodeParseError($"{NotAProductCode}: {error.Reason}", offset);
        return false;
    }

    /// <summary>Percent-decodes one value (RFC 3986 §2.1); GS1 values are ASCII, so an escape above %7F is refused.</summary>
    private static bool TryDecode(string raw, int start, out string value, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        value = raw;
        if (!raw.Contains('%'))
        {
            error = null;
            return true;
        }

        var builder = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                builder.Append(raw[i]);
                continue;
            }

            if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
            {
                return Fail("'%' is not followed by two hexadecimal digits", start + i, out error);
            }

            int code = Convert.ToInt32(raw.Substring(i + 1, 2), 16);
            if (code > 0x7E)
            {
                return Fail($"%{raw.Substring(i + 1, 2)} is not a character of the GS1 character set", start + i, out error);
            }

            builder.Append((char)code);
            i += 2;
        }

        value = builder.ToString();
        error = null;
        return true;
    }

    private static void Encode(StringBuilder builder, string value)
    {
        foreach (char c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool Fail(string reason, int offset, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        error = new BarcodeParseError($"{NotAProductCode}: {reason}", offset);
        return false;
    }
}
