using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KioskRuntime.Journal;

namespace KioskRuntime.Sync.Contract;

/// <summary>
/// Writes <c>{"events": [...]}</c> in the contract's shape: <c>{seq, id, type, occurredAt, payload, hash}</c> with the journal entry's
/// payload embedded verbatim (the exact bytes that were hashed), never re-serialised. Reuses one buffer; not thread-safe
/// (one batch is in flight at a time).
/// </summary>
internal sealed class EventBatchWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public EventBatchWriter()
    {
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Events whose payload was not valid JSON and went as a JSON string instead (the back office will call them invalid).</summary>
    public IReadOnlyList<long> Unembeddable => _unembeddable;

    private readonly List<long> _unembeddable = [];

    public ReadOnlyMemory<byte> Write(IReadOnlyList<JournalEntry> batch)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _unembeddable.Clear();
        _json.WriteStartObject();
        _json.WriteStartArray("events");
        foreach (var entry in batch)
        {
            WriteEvent(entry);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenMemory;
    }

    private void WriteEvent(JournalEntry entry)
    {
        _json.WriteStartObject();
        _json.WriteNumber("seq", entry.Seq);
        _json.WriteString("id", entry.Id.ToString("D", CultureInfo.InvariantCulture));
        _json.WriteString("type", entry.Type);
        _json.WriteString("occurredAt", entry.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        _json.WritePropertyName("payload");
        if (IsSingleJsonValue(entry.PayloadJson))
        {
            _json.WriteRawValue(entry.PayloadJson, skipInputValidation: true);
        }
        else
        {
            // A journal defect: the payload cannot be embedded. Sending it as a string keeps seq contiguous and lets the back
            // office store the refusal (400 invalid), after which it is dead-lettered like any malformed event.
            _json.WriteStringValue(entry.PayloadJson);
            _unembeddable.Add(entry.Seq);
        }

        _json.WriteString("hash", entry.Hash);
        _json.WriteEndObject();
    }

    /// <summary>True when the text is exactly one complete JSON value (what WriteRawValue may embed without breaking the body).</summary>
    internal static bool IsSingleJsonValue(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(text, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
