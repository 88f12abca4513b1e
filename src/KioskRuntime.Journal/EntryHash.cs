using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KioskRuntime.Contract;

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
    // The timestamp is the contract's (one home: KioskRuntime.Contract.ContractTime); fixed vectors in ChainTimeVectorTests.
    internal const string TimeFormat = ContractTime.Pattern;

    public static string FormatTime(DateTimeOffset time) => ContractTime.Format(time);

    public static bool TryParseTime(string text, out DateTimeOffset time) => ContractTime.TryParse(text, out time);

    /// <summary>Drops sub-millisecond precision so the stored entry equals what was hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => ContractTime.Truncate(time);

    /// <summary>
    /// SHA-256 over (previous hash ‖ canonical bytes), built in one buffer and hashed in one call: it runs on the journal's writer
    /// thread for every event, where an incremental hash object per entry cost more than the hashing.
    /// </summary>
    public static string Compute(string prevHash, long seq, Guid id, string type, string occurredAt, string payloadJson)
    {
        var prevLength = prevHash.Length / 2;
        var typeLength = Encoding.UTF8.GetByteCount(type);
        var timeLength = Encoding.UTF8.GetByteCount(occurredAt);
        var payloadLength = Encoding.UTF8.GetByteCount(payloadJson);
        var total = prevLength + 8 + 16 + 12 + typeLength + timeLength + payloadLength;
        var rented = total <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var span = rented is null ? stackalloc byte[total] : rented.AsSpan(0, total);
            if (prevLength > 0 && (Convert.FromHexString(prevHash, span[..prevLength], out _, out var written) != System.Buffers.OperationStatus.Done || written != prevLength))
            {
                throw new FormatException($"previous hash \"{prevHash}\" is not hex");
            }

            var at = prevLength;
            BinaryPrimitives.WriteInt64BigEndian(span[at..], seq);
            id.TryWriteBytes(span.Slice(at + 8, 16), bigEndian: true, out _);
            at += 24;
            at = Field(span, at, type, typeLength);
            at = Field(span, at, occurredAt, timeLength);
            Field(span, at, payloadJson, payloadLength);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(span, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Field(Span<byte> span, int at, string text, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[at..], length);
        Encoding.UTF8.GetBytes(text, span[(at + 4)..]);
        return at + 4 + length;
    }

    public static bool IsWellFormed(string hash) => hash.Length == 64 && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
