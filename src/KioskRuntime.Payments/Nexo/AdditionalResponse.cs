using System.Collections.ObjectModel;

namespace KioskRuntime.Payments.Nexo;

/// <summary>
/// <c>Response.AdditionalResponse</c>: URL-form-encoded <c>key=value&amp;…</c> (<c>pspReference</c>, <c>refusalReason</c> …). Keys that can
/// carry card data are dropped while parsing. Immutable.
/// </summary>
internal sealed class AdditionalResponse
{
    // Keys Adyen documents that carry (masked) card numbers or card holder data; never kept.
    private static readonly string[] CardDataKeys = ["cardSummary", "cardBin", "issuerBin", "cardHolderName", "maskedPan", "expiryDate", "expiryMonth", "expiryYear", "cardIssueNumber", "fundingSource"];

    private readonly ReadOnlyDictionary<string, string> _values;

    private AdditionalResponse(Dictionary<string, string> values) => _values = values.AsReadOnly();

    public static AdditionalResponse Empty { get; } = new([]);

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string key] => _values.TryGetValue(key, out var v) ? v : null;

    public static AdditionalResponse Of(params (string Key, string Value)[] pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            d[k] = v;
        }

        return new AdditionalResponse(d);
    }

    /// <summary>Parses the form text leniently: pairs without '=' get an empty value, bad %-escapes are kept as they are.</summary>
    public static AdditionalResponse Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Decode(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (key.Length > 0 && !CardDataKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                d[key] = value;
            }
        }

        return new AdditionalResponse(d);
    }

    public string Format() =>
        string.Join('&', _values.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));

    private static string Decode(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return s;
        }
    }
}
