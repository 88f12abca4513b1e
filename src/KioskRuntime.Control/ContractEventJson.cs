using System.Text;
using System.Text.Json;
using KioskRuntime.Journal;

namespace KioskRuntime.Control;

/// <summary>
/// A journal entry in the upstream contract's event shape: <c>{seq, id, type, occurredAt, payload, hash}</c>, with the payload embedded
/// verbatim (the bytes that were hashed). Used by <c>kioskctl journal export</c>, with or without kioskd running.
/// </summary>
public static class ContractEventJson
{
    public static void Write(Utf8JsonWriter writer, JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteNumber("seq", entry.Seq);
        writer.WriteString("id", entry.Id);
        writer.WriteString("type", entry.Type);
        writer.WriteString("occurredAt", entry.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
        writer.WritePropertyName("payload");
        writer.WriteRawValue(entry.PayloadJson, skipInputValidation: false);
        writer.WriteString("hash", entry.Hash);
        writer.WriteEndObject();
    }

    public static string ToJson(JournalEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entry);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
