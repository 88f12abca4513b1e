using System.Globalization;
using System.Text.Json;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Tests.Legacy;

// The JsonDocument-based reader as it was before the single-pass Utf8JsonReader one (commit 6c5e768), kept unchanged as
// the oracle of ParserEquivalenceTests: the new reader must accept, reject and word its errors exactly like this one.

/// <summary>
/// Checks the batch as a whole (an object with 1 to 500 events, each with an integer <c>seq</c>, strictly increasing and
/// contiguous) and parses each event. A batch-level fault names the element index; an event-level fault stays with its event.
/// </summary>
internal static class BatchReader
{
    public const int MaxEvents = 500;

    public static bool TryRead(JsonElement root, out IReadOnlyList<ParsedEvent> events, out string? error)
    {
        events = [];
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"body must be an object {{\"events\": [...]}}, got {EventParser.Kind(root)}";
            return false;
        }

        if (!root.TryGetProperty("events", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            error = "body.events: missing or not an array";
            return false;
        }

        var count = array.GetArrayLength();
        if (count is < 1 or > MaxEvents)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"body.events: must hold 1 to {MaxEvents} events, got {count}");
            return false;
        }

        var parsed = new List<ParsedEvent>(count);
        var index = 0;
        long previous = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"events[{index}]: must be an object, got {EventParser.Kind(element)}");
                return false;
            }

            if (!element.TryGetProperty("seq", out var seqElement)
                || seqElement.ValueKind != JsonValueKind.Number
                || !seqElement.TryGetInt64(out var seq)
                || seq < 1)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"events[{index}].seq: must be an integer ≥ 1");
                return false;
            }

            if (index > 0 && seq != previous + 1)
            {
                error = string.Create(CultureInfo.InvariantCulture,
                    $"events[{index}].seq: {seq} does not follow {previous}; seq must be strictly increasing and contiguous");
                return false;
            }

            parsed.Add(EventParser.Parse(element, seq));
            previous = seq;
            index++;
        }

        events = parsed;
        error = null;
        return true;
    }
}
