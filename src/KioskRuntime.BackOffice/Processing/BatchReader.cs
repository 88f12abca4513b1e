using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Processing;

/// <summary>
/// Reads a push body in one pass of a <see cref="Utf8JsonReader"/>: checks the batch as a whole (an object with 1 to 500 events,
/// each with an integer <c>seq</c>, strictly increasing and contiguous) and parses each event. A batch-level fault names the
/// element index; an event-level fault stays with its event. Faults are reported as a reader of the whole document would:
/// malformed JSON anywhere first, then the event count, then the first faulty element.
/// </summary>
internal static class BatchReader
{
    public const int MaxEvents = 500;

    /// <summary>Reads <c>{"events": [...]}</c> from the UTF-8 body; the events' raw JSON are slices of <paramref name="body"/>.</summary>
    /// <exception cref="JsonException">The body is not valid JSON (line and byte say where).</exception>
    public static bool TryRead(ReadOnlyMemory<byte> body, out IReadOnlyList<ParsedEvent> events, out string? error)
    {
        events = [];
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..]; // a UTF-8 byte order mark, skipped as a JSON document read from a stream skips it
        }

        var span = body.Span;
        if (!Utf8.IsValid(span))
        {
            error = "body is not valid UTF-8";
            return false;
        }

        if (UnpairedSurrogateEscape(span) is { } at)
        {
            // Valid JSON syntax, but no UTF-8 string can hold it: the reader would throw when a name or value is unescaped.
            error = string.Create(CultureInfo.InvariantCulture, $"body holds an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF) at byte {at + 1}");
            return false;
        }

        var r = new Utf8JsonReader(span);
        r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            var kind = EventParser.Kind(r.TokenType);
            r.Skip();
            EnsureEnd(ref r);
            error = $"body must be an object {{\"events\": [...]}}, got {kind}";
            return false;
        }

        var capture = new EventCapture();
        List<ParsedEvent>? parsed = null;
        var count = 0;
        string? elementError = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (!r.ValueTextEquals("events"u8))
            {
                r.Skip();
                continue;
            }

            // The last "events" counts, as it would for JsonElement.TryGetProperty.
            r.Read();
            parsed = null;
            count = 0;
            elementError = null;
            if (r.TokenType != JsonTokenType.StartArray)
            {
                r.Skip();
                continue;
            }

            parsed = new List<ParsedEvent>(64);
            long previous = 0;
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                var index = count++;
                if (index >= MaxEvents || elementError is not null)
                {
                    r.Skip(); // counted, and still checked to be JSON
                    continue;
                }

                if (r.TokenType != JsonTokenType.StartObject)
                {
                    elementError = string.Create(CultureInfo.InvariantCulture,
                        $"events[{index}]: must be an object, got {EventParser.Kind(r.TokenType)}");
                    r.Skip();
                    continue;
                }

                EventScanner.ScanEvent(ref r, 0, span, capture);
                if (!TryGetSeq(span, capture.Seq, out var seq))
                {
                    elementError = string.Create(CultureInfo.InvariantCulture, $"events[{index}].seq: must be an integer ≥ 1");
                    continue;
                }

                if (index > 0 && seq != previous + 1)
                {
                    elementError = string.Create(CultureInfo.InvariantCulture,
                        $"events[{index}].seq: {seq} does not follow {previous}; seq must be strictly increasing and contiguous");
                    continue;
                }

                parsed.Add(EventParser.Validate(body, capture, seq));
                previous = seq;
            }
        }

        EnsureEnd(ref r);
        if (parsed is null)
        {
            error = "body.events: missing or not an array";
            return false;
        }

        if (count is < 1 or > MaxEvents)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"body.events: must hold 1 to {MaxEvents} events, got {count}");
            return false;
        }

        if (elementError is not null)
        {
            error = elementError;
            return false;
        }

        events = parsed;
        error = null;
        return true;
    }

    /// <summary>The offset of the first <c>\\uXXXX</c> escape of a surrogate that is not part of a high-low pair, or null.</summary>
    internal static int? UnpairedSurrogateEscape(ReadOnlySpan<byte> body)
    {
        var from = 0;
        while (true)
        {
            var found = body[from..].IndexOf("\\u"u8);
            if (found < 0)
            {
                return null;
            }

            var at = from + found;
            from = at + 2;
            var backslashes = 1;
            while (at - backslashes >= 0 && body[at - backslashes] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0 || SurrogateAt(body, at) is not { } unit)
            {
                continue; // an escaped backslash followed by a letter u, or not a surrogate
            }

            if (unit >= 0xDC00 || SurrogateAt(body, at + 6) is not (>= 0xDC00 and <= 0xDFFF))
            {
                return at; // a low one alone, or a high one not followed by a low one
            }

            from = at + 12;
        }
    }

    // The UTF-16 unit of the escape at 'at' if it is \uD800-\uDFFF, else null.
    private static int? SurrogateAt(ReadOnlySpan<byte> body, int at)
    {
        if (at + 6 > body.Length || body[at] != '\\' || body[at + 1] != 'u'
            || !Utf8Parser.TryParse(body.Slice(at + 2, 4), out ushort unit, out var used, 'x') || used != 4)
        {
            return null;
        }

        return unit is >= 0xD800 and <= 0xDFFF ? unit : null;
    }

    private static bool TryGetSeq(ReadOnlySpan<byte> body, JsonSlice value, out long seq)
    {
        seq = 0;
        if (value.Kind != JsonTokenType.Number)
        {
            return false;
        }

        var raw = body[value.Start..value.End];
        return Utf8Parser.TryParse(raw, out seq, out var consumed) && consumed == raw.Length && seq >= 1;
    }

    // Nothing but white space may follow the body's object (the reader throws otherwise).
    private static void EnsureEnd(ref Utf8JsonReader r)
    {
        if (r.Read())
        {
            throw new JsonException("More than one JSON value in the body.", null, 0, r.TokenStartIndex);
        }
    }
}
