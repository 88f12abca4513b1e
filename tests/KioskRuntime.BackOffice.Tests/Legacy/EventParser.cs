using KioskRuntime.BackOffice.Contract;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests.Legacy;

// The JsonDocument-based reader as it was before the single-pass Utf8JsonReader one (commit 6c5e768), kept unchanged as
// the oracle of ParserEquivalenceTests: the new reader must accept, reject and word its errors exactly like this one.
// The one addition since: issue 13's card-data rule (CardDataOracle, written independently of CardDataScan).

/// <summary>Outcome of parsing one event: either <see cref="Event"/> or a <see cref="Reason"/> it is malformed.</summary>
/// <param name="IdText">The raw <c>id</c> string if present (kept even for a malformed event, to recognise a resend).</param>
/// <param name="HashText">The raw <c>hash</c> string if present.</param>
internal sealed record ParsedEvent(long Seq, KioskEvent? Event, string? Reason, string? IdText, string? HashText, string? TypeText, string RawJson);

/// <summary>
/// Reads the contract's event envelope and the payloads of the known types (<c>sale</c>, <c>return</c>,
/// <c>stock-adjustment</c>). Unknown fields are ignored; unknown types keep their payload unparsed. Stateless.
/// </summary>
internal static partial class EventParser
{
    /// <summary>Parses one element of the batch whose <c>seq</c> has already been read.</summary>
    public static ParsedEvent Parse(JsonElement element, long seq)
    {
        var raw = element.GetRawText();
        var idText = OptionalString(element, "id");
        var hashText = OptionalString(element, "hash");
        var typeText = OptionalString(element, "type");
        if (CardDataOracle.Find(element) is { } cardData)
        {
            // Issue 13 (added on top of the old reader): card data anywhere is refused before any other check.
            var inEnvelope = cardData.StartsWith("id:", StringComparison.Ordinal) || cardData.StartsWith("hash:", StringComparison.Ordinal)
                             || cardData.StartsWith("type:", StringComparison.Ordinal);
            return inEnvelope
                ? new ParsedEvent(seq, null, cardData, null, null, null, Redacted(seq, null, null, null))
                : new ParsedEvent(seq, null, cardData, idText, hashText, typeText, Redacted(seq, idText, typeText, hashText));
        }

        try
        {
            var id = RequireGuid(element, "id", "id");
            var type = RequireString(element, "type", "type");
            var occurredAt = RequireTimestamp(element, "occurredAt", "occurredAt");
            var hash = RequireHex(element, "hash", "hash");
            if (!element.TryGetProperty("payload", out var payloadElement))
            {
                throw new MalformedEventException("payload: missing");
            }

            EventPayload payload = type switch
            {
                KioskEvent.SaleType => ParseSale(RequireObject(payloadElement, "payload")),
                KioskEvent.ReturnType => ParseReturn(RequireObject(payloadElement, "payload")),
                KioskEvent.StockAdjustmentType => ParseStockAdjustment(RequireObject(payloadElement, "payload")),
                _ => UnknownPayload.Instance,
            };

            return new ParsedEvent(seq, new KioskEvent(seq, id, type, occurredAt, hash, payload, raw), null, idText, hashText, typeText, raw);
        }
        catch (MalformedEventException ex)
        {
            return new ParsedEvent(seq, null, ex.Message, idText, hashText, typeText, ex.HoldsCardData ? Redacted(seq, idText, typeText, hashText) : raw);
        }
    }

    /// <summary>What is kept of an event that carried card data: the envelope, never the payload.</summary>
    private static string Redacted(long seq, string? id, string? type, string? hash) => new JsonObject
    {
        ["seq"] = seq,
        ["id"] = id,
        ["type"] = type,
        ["hash"] = hash,
        ["redacted"] = "the event carried card data; its payload was not stored",
    }.ToJsonString();

    private static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
