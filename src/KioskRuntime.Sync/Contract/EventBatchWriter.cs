using System.Buffers;
using System.Text.Json;
using KioskRuntime.Contract;
using KioskRuntime.Journal;

namespace KioskRuntime.Sync.Contract;

/// <summary>
/// Writes the push body <c>{"events": [...]}</c>, each event by <see cref="ContractEventWriter"/> (the one event writer, shared with
/// <c>kioskctl journal export</c>). Reuses one buffer; not thread-safe (one batch is in flight at a time).
/// </summary>
internal sealed class EventBatchWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<PayloadProblem> _problems = [];

    public EventBatchWriter()
    {
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>
    /// The events of the last batch whose payload was not one JSON value: sent as a JSON string (the back office will call them
    /// invalid, and they are dead-lettered); the caller reports each.
    /// </summary>
    public IReadOnlyList<PayloadProblem> Problems => _problems;

    public ReadOnlyMemory<byte> Write(IReadOnlyList<JournalEntry> batch)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _problems.Clear();
        _json.WriteStartObject();
        _json.WriteStartArray("events");
        foreach (var entry in batch)
        {
            if (ContractEventWriter.Write(_json, entry.ToContractEvent()) is { } problem)
            {
                _problems.Add(problem);
            }
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        return _buffer.WrittenMemory;
    }
}
