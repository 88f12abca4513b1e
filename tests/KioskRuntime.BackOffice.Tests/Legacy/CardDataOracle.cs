using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KioskRuntime.BackOffice.Tests.Legacy;

/// <summary>
/// Issue 13's card-data rule, written a second way for the oracle: a <see cref="JsonElement"/> walk and a regular
/// expression for the digit runs, where <c>CardDataScan</c> walks a <c>Utf8JsonReader</c> byte by byte. Same rule, same words.
/// </summary>
internal static partial class CardDataOracle
{
    private const string NotStored = "card data must never appear in an event (the event is not stored as received)";

    private static readonly HashSet<string> Names = new(
        ["pan", "cardNumber", "maskedPan", "maskedCardNumber", "cardholderName", "cardHolder", "track1", "track2", "expiry", "expiryDate", "cvv", "cvc"],
        StringComparer.OrdinalIgnoreCase);

    public static string? Find(JsonElement element) => Walk(element, string.Empty, null);

    private static string? Walk(JsonElement e, string path, string? field)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var at = path.Length == 0 ? p.Name : path + "." + p.Name;
                    if (Names.Contains(p.Name))
                    {
                        return $"{at}: {NotStored}";
                    }

                    if (Walk(p.Value, at, p.Name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), null) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.String or JsonValueKind.Number:
                var text = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
                return Classify(text, field) is { } what ? $"{path}: holds {what}; {NotStored}" : null;
            default:
                return null;
        }
    }

    private static string? Classify(string text, string? field)
    {
        var exempt = (field == "gtin" && Regex.IsMatch(text, "^[0-9]{14}$")) || field == "terminalRef";
        foreach (Match run in DigitRun().Matches(text))
        {
            var digits = run.Value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            var start = run.Index;
            var end = run.Index + run.Length;
            var before = start > 0 ? text[start - 1] : ' ';
            var after = end < text.Length ? text[end] : ' ';
            if (digits.Length is >= 12 and <= 19 && (after is '=' or '^' || (start >= 2 && text[start - 2] == '%' && before is 'B' or 'b')))
            {
                return "card track data";
            }

            if (digits.Length >= 6 && Regex.IsMatch(text[end..], "^[*Xx#]{4,9}[0-9]{4}"))
            {
                return "a masked card number";
            }

            var joined = (before == '-' && start >= 2 && Word(text[start - 2])) || (after == '-' && end + 1 < text.Length && Word(text[end + 1]));
            if (!exempt && !joined && digits.Length is >= 13 and <= 19 && !Word(before) && !Word(after) && Luhn(digits))
            {
                return "a card number (13 to 19 digits passing the Luhn check)";
            }
        }

        return null;
    }

    private static bool Word(char c) => char.IsAsciiLetterOrDigit(c) || c >= 0x80;

    private static bool Luhn(string digits) =>
        digits.Reverse().Select((c, k) => k % 2 == 1 ? ((c - '0') * 2) % 9 + ((c - '0') == 9 ? 9 : 0) : c - '0').Sum() % 10 == 0;

    [GeneratedRegex("(?<![0-9])[0-9](?:[ -]?[0-9])*")]
    private static partial Regex DigitRun();
}
