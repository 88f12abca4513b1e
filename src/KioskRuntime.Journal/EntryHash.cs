using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.Journal;

/// <summary>
/// The canonical form hashed into the chain (format 1), all integers big-endian:
/// <code>
/// int64 seq
/// 16 bytes id (RFC 9562 byte order, as Guid.TryWriteBytes(bigEndian: true))
/// int32 length ‖ UTF-8 type
/// int32 length ‖ UTF-8 occurredAt, "yyyy-MM-ddTHH:mm:ss.fffzzz" (RFC 3339 with offset and milliseconds)
/// int32 length ‖ UTF-8 payloadJson, exactly as given
/// </code>
/// Hash = lowercase hex SHA-256( previous entry's hash as 32 raw bytes (nothing for the first entry) ‖ canonical bytes ).
/// </summary>
internal static class EntryHash
{
    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public static string FormatTime(DateTimeOffset time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>Drops sub-millisecond precision so the stored entry equals what was hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);

    public static byte[] Canonical(long seq, Guid id, string type, string occurredAt, string payloadJson)
    {
        var typeBytes = Encoding.UTF8.GetBytes(type);
        var timeBytes = Encoding.UTF8.GetBytes(occurredAt);
        var payloadBytes = Encoding.UTF8.GetBytes(payloadJson);
        var buffer = new byte[8 + 16 + 12 + typeBytes.Length + timeBytes.Length + payloadBytes.Length];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, seq);
        id.TryWriteBytes(span.Slice(8, 16), bigEndian: true, out _);
        var at = 24;
        foreach (var field in new[] { typeBytes, timeBytes, payloadBytes })
        {
            BinaryPrimitives.WriteInt32BigEndian(span[at..], field.Length);
            field.CopyTo(span[(at + 4)..]);
            at += 4 + field.Length;
        }

        return buffer;
    }

    public static string Compute(string prevHash, long seq, Guid id, string type, string occurredAt, string payloadJson)
    {
        var canonical = Canonical(seq, id, type, occurredAt, payloadJson);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (prevHash.Length > 0)
        {
            sha.AppendData(Convert.FromHexString(prevHash));
        }

        sha.AppendData(canonical);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static bool IsWellFormed(string hash) => hash.Length == 64 && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
