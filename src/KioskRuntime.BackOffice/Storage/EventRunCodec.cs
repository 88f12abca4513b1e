using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// Encodes a run of one kiosk's consecutive stored events as one UTF-8 JSON array, the blob of one <c>eventRuns</c>
/// document: <c>[{"seq":1,"id":"…","type":"sale","hash":"…","status":"accepted","reason":null,"receivedAt":"…","event":{…}}]</c>,
/// where <c>event</c> is the event exactly as received (or its redacted envelope). One blob per run instead of one LiteDB
/// document per event: LiteDB's per-document cost (BSON tree, index node, query pipeline) was most of a 500-event push.
/// The JSON is stored Brotli-compressed (quality 1): a run of sales shrinks about tenfold, and every byte not written is a
/// byte the commit's fsync does not wait for.
/// Stateless.
/// </summary>
internal static class EventRunCodec
{
    /// <summary>Names the blob's encoding in the run document, so that another one can be told apart later.</summary>
    public const string Format = "json+br";

    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;

    public static byte[] Encode(IReadOnlyList<StoredEvent> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var size = 2;
        foreach (var e in run)
        {
            size += e.RawJson.Length + 256;
        }

        var buffer = new PooledBufferWriter(size);
        try
        {
            return Compress(buffer, run);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static byte[] Compress(PooledBufferWriter buffer, IReadOnlyList<StoredEvent> run)
    {
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in run)
            {
                writer.WriteStartObject();
                writer.WriteNumber("seq", e.Seq);
                WriteNullable(writer, "id", e.EventId);
                WriteNullable(writer, "type", e.Type);
                WriteNullable(writer, "hash", e.Hash);
                writer.WriteString("status", BackOfficeStore.StatusText(e.Status));
                WriteNullable(writer, "reason", e.Reason);
                writer.WriteString("receivedAt", e.ReceivedAt);
                writer.WritePropertyName("event");
                // Valid JSON already: the parser's own slice of the request, or the redaction note it built.
                writer.WriteRawValue(e.RawJson.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var json = buffer.WrittenSpan;
        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(json, compressed, out var length, BrotliQuality, BrotliWindow))
            {
                throw new InvalidOperationException("Brotli could not compress a run into its maximal compressed length.");
            }

            return compressed.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <exception cref="InvalidDataException">The blob is not a run this codec wrote.</exception>
    public static IReadOnlyList<StoredEvent> Decode(string kioskId, byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            using var json = new MemoryStream(blob.Length * 8);
            using (var brotli = new BrotliStream(new MemoryStream(blob, writable: false), CompressionMode.Decompress))
            {
                brotli.CopyTo(json);
            }

            var reader = new Utf8JsonReader(json.GetBuffer().AsSpan(0, (int)json.Length));
            using var doc = JsonDocument.ParseValue(ref reader);
            var events = new List<StoredEvent>(doc.RootElement.GetArrayLength());
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                events.Add(new StoredEvent(
                    kioskId,
                    e.GetProperty("seq").GetInt64(),
                    e.GetProperty("id").GetString(),
                    e.GetProperty("type").GetString(),
                    e.GetProperty("hash").GetString(),
                    BackOfficeStore.ParseStatus(e.GetProperty("status").GetString()),
                    e.GetProperty("reason").GetString(),
                    e.GetProperty("receivedAt").GetDateTimeOffset(),
                    JsonMarshal.GetRawUtf8Value(e.GetProperty("event")).ToArray()));
            }

            return events;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"A stored event run of kiosk {kioskId} is damaged: {ex.Message}"), ex);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over one pooled array, grown by doubling. Not thread-safe.</summary>
    private sealed class PooledBufferWriter(int capacity) : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void Ensure(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
