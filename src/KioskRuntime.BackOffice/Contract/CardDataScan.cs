using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// Looks through a whole event, every name and value at any depth, for card data, before any other check, so an event that
/// carries it is never stored or served back as received, whatever else is wrong with it. Card data is: a property named like
/// one (<c>pan</c>, <c>cardNumber</c>, <c>track2</c>, … as <see cref="PayloadArrayScanner"/> lists them); a run of 13 to 19
/// digits (single spaces or dashes between them allowed) that passes the Luhn check and stands alone (no letter or digit
/// right before or after it, and no dash or underscore joining it to one); track data (12 to 19 digits followed by <c>=</c> or <c>^</c>, or after <c>%B</c>); a masked card
/// number (6 digits, 4 to 9 of <c>*</c>/<c>X</c>/<c>#</c>, 4 digits). Two contract fields are exempt from the Luhn rule only:
/// a <c>gtin</c> of exactly 14 digits (checked as a GTIN later) and a payment's <c>terminalRef</c> (payment providers use
/// 16-digit numeric references, one in ten of which passes Luhn). Stateless.
/// </summary>
internal static class CardDataScan
{
    private const string NotStored = "card data must never appear in an event (the event is not stored as received)";

    /// <summary>The path and kind of the first card data found (never its value), or null.</summary>
    /// <param name="eventJson">One event object, valid JSON.</param>
    public static string? Find(ReadOnlySpan<byte> eventJson)
    {
        var reader = new Utf8JsonReader(eventJson);
        var path = new List<Frame>(8);
        var scratch = ArrayPool<byte>.Shared.Rent(256);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Step(path);
                        path.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        path[^1] = path[^1] with { Name = name };
                        if (PayloadArrayScanner.IsCardDataName(name))
                        {
                            return $"{Format(path)}: {NotStored}";
                        }

                        break;
                    case JsonTokenType.String or JsonTokenType.Number:
                        Step(path);
                        var value = Value(ref reader, ref scratch);
                        var field = path.Count > 0 && !path[^1].IsArray ? path[^1].Name : null;
                        if (Classify(value, field) is { } what)
                        {
                            return $"{Format(path)}: holds {what}; {NotStored}";
                        }

                        break;
                    default:
                        Step(path);
                        break;
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>What card data the text holds (for a message), or null.</summary>
    /// <param name="field">The property the value belongs to, if any (for the two exemptions).</param>
    internal static string? Classify(ReadOnlySpan<byte> text, string? field)
    {
        if (text.IndexOfAnyInRange((byte)'0', (byte)'9') < 0)
        {
            return null;
        }

        var luhnExempt = (field == "gtin" && text.Length == 14 && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
                         || field == "terminalRef";
        Span<byte> run = stackalloc byte[20];
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1])))
            {
                continue;
            }

            // A run of digits starts at i: read it, allowing one space or dash between digits.
            var digits = 0;
            var luhnSum = 0;
            var end = i;
            while (end < text.Length)
            {
                if (IsDigit(text[end]))
                {
                    if (digits < run.Length)
                    {
                        run[digits] = text[end];
                    }

                    digits++;
                    end++;
                }
                else if (text[end] is (byte)' ' or (byte)'-' && end + 1 < text.Length && IsDigit(text[end + 1]) && digits > 0)
                {
                    end++;
                }
                else
                {
                    break;
                }
            }

            var before = i > 0 ? text[i - 1] : (byte)' ';
            var after = end < text.Length ? text[end] : (byte)' ';
            // A dash joins the run to a word next to it (a UUID's or a reference's groups): then the run is not alone.
            // An underscore does the same in a file name or an identifier (SAF-T_Cash_Register_<org>_<register>_<yyyyMMddHHmmss>.xml).
            var joined = (before is (byte)'-' or (byte)'_' && i >= 2 && IsLetterOrDigit(text[i - 2]))
                         || (after is (byte)'-' or (byte)'_' && end + 1 < text.Length && IsLetterOrDigit(text[end + 1]));
            if (digits is >= 12 and <= 19 && (after is (byte)'=' or (byte)'^' || (i >= 2 && text[i - 2] == '%' && before is (byte)'B' or (byte)'b')))
            {
                return "card track data";
            }

            if (digits >= 6 && IsMask(after) && MaskedTail(text, end) > 0)
            {
                return "a masked card number";
            }

            if (!luhnExempt && !joined && digits is >= 13 and <= 19 && !IsLetterOrDigit(before) && !IsLetterOrDigit(after))
            {
                for (var k = 0; k < digits; k++)
                {
                    var d = run[digits - 1 - k] - '0';
                    luhnSum += k % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
                }

                if (luhnSum % 10 == 0)
                {
                    return "a card number (13 to 19 digits passing the Luhn check)";
                }
            }

            i = end - 1;
        }

        return null;
    }

    // 4 to 9 mask characters then at least 4 digits, right after a run of at least 6 digits.
    private static int MaskedTail(ReadOnlySpan<byte> text, int at)
    {
        var masks = 0;
        while (at + masks < text.Length && IsMask(text[at + masks]))
        {
            masks++;
        }

        var digits = 0;
        while (at + masks + digits < text.Length && IsDigit(text[at + masks + digits]))
        {
            digits++;
        }

        return masks is >= 4 and <= 9 && digits >= 4 ? masks : 0;
    }

    private static ReadOnlySpan<byte> Value(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        if (scratch.Length < reader.ValueSpan.Length)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        }

        var n = reader.CopyString(scratch);
        return scratch.AsSpan(0, n);
    }

    private static void Step(List<Frame> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
        {
            path[^1] = path[^1] with { Index = path[^1].Index + 1 };
        }
    }

    // The path without the event object itself: payload.lines[2].name
    private static string Format(List<Frame> path)
    {
        var text = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            var frame = path[i];
            if (frame.IsArray)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
            }
            else if (frame.Name is not null)
            {
                text.Append(text.Length == 0 ? string.Empty : ".").Append(frame.Name);
            }
        }

        return text.Length == 0 ? "event" : text.ToString();
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsMask(byte b) => b is (byte)'*' or (byte)'X' or (byte)'x' or (byte)'#';

    private static bool IsLetterOrDigit(byte b) => IsDigit(b) || b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' || b >= 0x80;

    private readonly record struct Frame(bool IsArray, int Index, string? Name);
}
