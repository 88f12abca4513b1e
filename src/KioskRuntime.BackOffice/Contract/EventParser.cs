using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>Outcome of parsing one event: either <see cref="Event"/> or a <see cref="Reason"/> it is malformed.</summary>
/// <param name="IdText">The raw <c>id</c> string if present (kept even for a malformed event, to recognise a resend).</param>
/// <param name="HashText">The raw <c>hash</c> string if present.</param>
/// <param name="RawJson">
/// The event's bytes exactly as received (a slice of the request body: valid only while the request's buffer is), or the
/// redacted envelope of one that carried card data.
/// </param>
internal sealed record ParsedEvent(
    long Seq, KioskEvent? Event, string? Reason, string? IdText, string? HashText, string? TypeText, ReadOnlyMemory<byte> RawJson);

/// <summary>
/// Reads the contract's event envelope and the payloads of the known types (<c>sale</c>, <c>return</c>,
/// <c>stock-adjustment</c>) straight from UTF-8: a scan notes where the fields lie (<see cref="EventScanner"/>), then the checks
/// run over those slices in the contract's order. Unknown fields are ignored; unknown types keep their payload unparsed.
/// Where a name repeats, the last one counts. Stateless (the caller owns the <see cref="EventCapture"/>).
/// </summary>
internal static partial class EventParser
{
    /// <summary>Parses one stored event (the raw JSON of one event object) whose <c>seq</c> is known.</summary>
    /// <exception cref="JsonException">The text is not one JSON value.</exception>
    public static ParsedEvent ParseOne(ReadOnlyMemory<byte> rawEvent, long seq)
    {
        var capture = new EventCapture();
        var reader = new Utf8JsonReader(rawEvent.Span);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A stored event is {Kind(reader.TokenType)}, not an object.");
        }

        EventScanner.ScanEvent(ref reader, 0, rawEvent.Span, capture);
        return Validate(rawEvent, capture, seq);
    }

    /// <summary>Checks a scanned event whose <c>seq</c> has already been read (by the batch reader).</summary>
    /// <param name="body">The bytes the capture's slices point into.</param>
    public static ParsedEvent Validate(ReadOnlyMemory<byte> body, EventCapture c, long seq)
    {
        var span = body.Span;
        var raw = body[c.EventStart..c.EventEnd];
        var fields = new EventFields(span);
        var idText = c.Id.Kind == JsonTokenType.String ? fields.StringOf(c.Id) : null;
        var hashText = c.Hash.Kind == JsonTokenType.String ? fields.StringOf(c.Hash) : null;
        var typeText = c.Type.Kind == JsonTokenType.String ? TypeName(c.TypeKind) ?? fields.StringOf(c.Type) : null;
        if (CardDataScan.Find(raw.Span) is { } cardData)
        {
            // Before any other check: whatever else is wrong with it, such an event is never stored or logged as received.
            // Its id and hash are kept for recognising a resend only if they are not where the card data was found.
            var inEnvelope = cardData.StartsWith("id:", StringComparison.Ordinal) || cardData.StartsWith("hash:", StringComparison.Ordinal)
                             || cardData.StartsWith("type:", StringComparison.Ordinal);
            return inEnvelope
                ? new ParsedEvent(seq, null, cardData, null, null, null, Redacted(seq, null, null, null))
                : new ParsedEvent(seq, null, cardData, idText, hashText, typeText, Redacted(seq, idText, typeText, hashText));
        }

        try
        {
            var id = fields.RequireGuid(c.Id, new FieldPath("id"));
            fields.RequireString(c.Type, new FieldPath("type"));
            var type = typeText!;
            var occurredAt = fields.RequireTimestamp(c.OccurredAt, new FieldPath("occurredAt"));
            fields.RequireHex(c.Hash, new FieldPath("hash"));
            if (c.Payload.Kind == JsonTokenType.None)
            {
                throw new MalformedEventException("payload: missing");
            }

            var kind = c.TypeKind;
            if (kind is PayloadKind.Sale or PayloadKind.Return or PayloadKind.StockAdjustment)
            {
                fields.RequireObject(c.Payload, new FieldPath("payload"));
                if (c.PayloadScannedAs != kind)
                {
                    // The payload came before its type (or the type was repeated): scan it again, now for the right shape.
                    var reader = new Utf8JsonReader(span[c.Payload.Start..c.Payload.End]);
                    reader.Read();
                    EventScanner.ScanPayload(ref reader, c.Payload.Start, c, kind);
                }
            }

            EventPayload payload = kind switch
            {
                PayloadKind.Sale => ParseSale(fields, c),
                PayloadKind.Return => ParseReturn(fields, c),
                PayloadKind.StockAdjustment => ParseStockAdjustment(fields, c),
                _ => UnknownPayload.Instance,
            };

            return new ParsedEvent(seq, new KioskEvent(seq, id, type, occurredAt, hashText!, payload), null, idText, hashText, typeText, raw);
        }
        catch (MalformedEventException ex)
        {
            return new ParsedEvent(seq, null, ex.Message, idText, hashText, typeText,
                ex.HoldsCardData ? Redacted(seq, idText, typeText, hashText) : raw);
        }
    }

    private static string? TypeName(PayloadKind kind) => kind switch
    {
        PayloadKind.Sale => KioskEvent.SaleType,
        PayloadKind.Return => KioskEvent.ReturnType,
        PayloadKind.StockAdjustment => KioskEvent.StockAdjustmentType,
        _ => null,
    };

    /// <summary>What is kept of an event that carried card data: the envelope, never the payload.</summary>
    private static byte[] Redacted(long seq, string? id, string? type, string? hash) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["seq"] = seq,
        ["id"] = id,
        ["type"] = type,
        ["hash"] = hash,
        ["redacted"] = "the event carried card data; its payload was not stored",
    }.ToJsonString());

    internal static string Kind(JsonSlice value) => Kind(value.Kind);

    internal static string Kind(JsonTokenType kind) => kind switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => "nothing",
    };

    internal static string Clip(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
