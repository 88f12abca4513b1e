using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Contract;

/// <summary>
/// The one writer of the contract's event object, used by the replay client (batches to the back office) and by
/// <c>kioskctl journal export</c> (with or without kioskd). Thread-safe: static and pure; the caller owns the <see cref="Utf8JsonWriter"/>.
/// </summary>
/// <remarks>
/// One policy for a payload that is not exactly one JSON value (a journal defect): the event is still written, with the payload as a
/// JSON string, so <c>seq</c> stays contiguous and nothing is dropped; the writer returns a <see cref="PayloadProblem"/> naming the
/// seq and the reason, and every caller must report it (the replay client logs it as critical and the back office refuses the event,
/// which dead-letters it; the export prints it on stderr and exits 1).
/// </remarks>
public static class ContractEventWriter
{
    /// <summary>Writes <paramref name="e"/> as one JSON object; returns null, or the problem with its payload (see remarks).</summary>
    public static PayloadProblem? Write(Utf8JsonWriter json, in ContractEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("seq", e.Seq);
        json.WriteString("id", e.Id);
        json.WriteString("type", e.Type);
        json.WriteString("occurredAt", ContractTime.Format(e.OccurredAt));
        json.WritePropertyName("payload");
        var reason = PayloadDefect(e.PayloadJson);
        if (reason is null)
        {
            json.WriteRawValue(e.PayloadJson, skipInputValidation: true);
        }
        else
        {
            json.WriteStringValue(e.PayloadJson);
        }

        json.WriteString("hash", e.Hash);
        json.WriteEndObject();
        return reason is null ? null : new PayloadProblem(e.Seq, reason);
    }

    /// <summary>The event as one line of JSON (no indentation); <paramref name="problem"/> as <see cref="Write"/> returns it.</summary>
    public static string ToJson(in ContractEvent e, out PayloadProblem? problem)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (e.PayloadJson?.Length ?? 0));
        using (var json = new Utf8JsonWriter(buffer))
        {
            problem = Write(json, e);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Null when <paramref name="text"/> is exactly one complete JSON value (what may be embedded raw); otherwise why not.</summary>
    internal static string? PayloadDefect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "it is empty";
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || !reader.TrySkip())
            {
                return "it ends inside a value";
            }

            return reader.Read() ? "more than one JSON value" : null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
