using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// Field checks over the scanned slices of one event (the body they point into), in the order and with the messages of the
/// contract's reader: each names the field path and the offending value when it throws <see cref="MalformedEventException"/>.
/// Nothing is allocated for a valid field but the strings the event keeps. Lives for one event's validation.
/// </summary>
internal readonly ref struct EventFields(ReadOnlySpan<byte> body)
{
    private const int MaxTextLength = 512;

    private readonly ReadOnlySpan<byte> _body = body;

    public void RequireObject(JsonSlice value, FieldPath path)
    {
        if (value.Kind != JsonTokenType.StartObject)
        {
            throw new MalformedEventException($"{path}: must be an object, got {EventParser.Kind(value)}");
        }
    }

    public static void RequireProperty(JsonSlice value, FieldPath path)
    {
        if (value.IsMissing)
        {
            throw new MalformedEventException($"{path}: missing");
        }
    }

    /// <summary>A string of 1 to 512 characters; its UTF-8 text (unescaped).</summary>
    public ReadOnlySpan<byte> RequireString(JsonSlice value, FieldPath path)
    {
        RequireProperty(value, path);
        if (value.Kind != JsonTokenType.String)
        {
            throw new MalformedEventException($"{path}: must be a string, got {EventParser.Kind(value)}");
        }

        var text = EventScanner.Utf8Text(_body, value);
        // UTF-16 length, as a .NET string of the text would have (the body is valid UTF-8).
        var length = text.Length <= MaxTextLength && Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetCharCount(text);
        if (length is 0 or > MaxTextLength)
        {
            throw new MalformedEventException($"{path}: must be 1 to {MaxTextLength} characters, got {length}");
        }

        return text;
    }

    public string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    public Guid RequireGuid(JsonSlice value, FieldPath path)
    {
        var text = RequireString(value, path);
        if (text.Length == 36)
        {
            Span<char> chars = stackalloc char[36];
            if (Ascii.ToUtf16(text, chars, out _) == System.Buffers.OperationStatus.Done
                && Guid.TryParseExact(chars, "D", out var fast))
            {
                return fast;
            }
        }

        var full = Decode(text);
        return Guid.TryParseExact(full, "D", out var id)
            ? id
            : throw new MalformedEventException($"{path}: must be a UUID (8-4-4-4-12 hex), got \"{EventParser.Clip(full)}\"");
    }

    public DateTimeOffset RequireTimestamp(JsonSlice value, FieldPath path)
    {
        var text = RequireString(value, path);
        return Rfc3339.TryParse(text, out var parsed)
            ? parsed
            : throw new MalformedEventException($"{path}: must be an RFC 3339 timestamp with offset, got \"{EventParser.Clip(Decode(text))}\"");
    }

    public ReadOnlySpan<byte> RequireHex(JsonSlice value, FieldPath path)
    {
        var text = RequireString(value, path);
        foreach (var b in text)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                throw new MalformedEventException($"{path}: must be hexadecimal, got \"{EventParser.Clip(Decode(text))}\"");
            }
        }

        return text;
    }

    public decimal RequireMoney(JsonSlice value, FieldPath path)
    {
        RequireProperty(value, path);
        if (value.Kind != JsonTokenType.String)
        {
            throw new MalformedEventException(
                $"{path}: money must be a decimal string with two decimals, got {EventParser.Kind(value)} {EventParser.Clip(RawText(value))}");
        }

        var text = EventScanner.Utf8Text(_body, value);
        return DecimalText.TryParseMoney(text, out var amount)
            ? amount
            : throw new MalformedEventException($"{path}: money must be a decimal string with two decimals, got \"{EventParser.Clip(Decode(text))}\"");
    }

    public decimal RequireQuantity(JsonSlice value, FieldPath path, bool signed)
    {
        RequireProperty(value, path);
        if (value.Kind != JsonTokenType.String)
        {
            throw new MalformedEventException($"{path}: must be a decimal string, got {EventParser.Kind(value)} {EventParser.Clip(RawText(value))}");
        }

        var text = EventScanner.Utf8Text(_body, value);
        var ok = signed ? DecimalText.TryParseSigned(text, out var qty) : DecimalText.TryParseQuantity(text, out qty);
        return ok
            ? qty
            : throw new MalformedEventException(
                $"{path}: must be a{(signed ? " signed" : " non-negative")} decimal string, got \"{EventParser.Clip(Decode(text))}\"");
    }

    public void RequireDecimalString(JsonSlice value, FieldPath path)
    {
        var text = RequireString(value, path);
        if (!DecimalText.TryParseQuantity(text, out _))
        {
            throw new MalformedEventException($"{path}: must be a decimal string such as \"25\", got \"{EventParser.Clip(Decode(text))}\"");
        }
    }

    /// <summary>
    /// A receipt number: the contract does not fix its JSON type, and a sequential number is naturally an integer, while some
    /// tills use prefixed strings ("K1-000123"). Both are accepted.
    /// </summary>
    public void RequireReceiptNumber(JsonSlice value, FieldPath path)
    {
        RequireProperty(value, path);
        if (value.Kind != JsonTokenType.Number)
        {
            RequireString(value, path);
        }
        else if (!TryGetInt64(value, out var n) || n < 1)
        {
            throw new MalformedEventException($"{path}: must be an integer ≥ 1 or a string, got {EventParser.Clip(RawText(value))}");
        }
    }

    public long RequirePositiveInteger(JsonSlice value, FieldPath path)
    {
        RequireProperty(value, path);
        return value.Kind == JsonTokenType.Number && TryGetInt64(value, out var n) && n >= 1
            ? n
            : throw new MalformedEventException($"{path}: must be an integer ≥ 1, got {EventParser.Clip(RawText(value))}");
    }

    public Gtin RequireGtin(JsonSlice value, FieldPath path, GtinCache cache)
    {
        var text = RequireString(value, path);
        if (cache.TryGet(text, out var known))
        {
            return known;
        }

        if (!Gtin.TryParse(text, out var gtin, out var error))
        {
            throw new MalformedEventException($"{path}: {error}");
        }

        cache.Add(gtin.Value);
        return gtin.Value;
    }

    /// <summary>An array of at least <paramref name="minLength"/> elements (the scan counted them).</summary>
    public void RequireArray(JsonSlice value, int count, FieldPath path, int minLength)
    {
        RequireProperty(value, path);
        if (value.Kind != JsonTokenType.StartArray)
        {
            throw new MalformedEventException($"{path}: must be an array, got {EventParser.Kind(value)}");
        }

        if (count < minLength)
        {
            throw new MalformedEventException($"{path}: must hold at least {minLength} element(s)");
        }
    }

    /// <summary>What <see cref="JsonElement.TryGetInt64(out long)"/> answers for a number token.</summary>
    public bool TryGetInt64(JsonSlice number, out long value)
    {
        var raw = _body[number.Start..number.End];
        return Utf8Parser.TryParse(raw, out value, out var consumed) && consumed == raw.Length;
    }

    /// <summary>The value's JSON text, as <see cref="JsonElement.GetRawText"/> gives it.</summary>
    public string RawText(JsonSlice value) => Encoding.UTF8.GetString(_body[value.Start..value.End]);

    public string StringOf(JsonSlice value) => EventScanner.StringText(_body, value);
}
