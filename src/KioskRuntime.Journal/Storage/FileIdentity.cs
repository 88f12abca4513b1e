using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// The 4 KiB block in front of LiteDB's pages in both journal files; it ties journal.db and journal-log.db into one unit.
/// Layout (one 512-byte sector is ever written, so it is never torn):
/// 0..8 "KRJOURN1"; 8 kind (1 data, 2 log); 12..16 format 1 (LE); 16..32 journal id; 32..40 generation (LE);
/// 40..48 length (LE); 48..56 previous length (LE); 56..88 tail hash; 88..120 SHA-256 of bytes 0..88.
/// Data file: length = its LiteDB length at the last checkpoint (shorter means truncated).
/// Log ("commit stamp", rewritten with every commit in the same fdatasync as the commit's pages): length = log length after the
/// commit, previous length = log length after the commit before, tail hash = SHA-256 of the log bytes between the two. On open,
/// if those bytes hash correctly the log is kept up to length, otherwise only up to previous length (the last commit never became
/// durable, so it was never acknowledged); a log shorter than previous length was truncated.
/// The generation advances each time LiteDB empties the log (checkpoint), so an older data file paired with a newer log
/// (or the reverse) is as foreign as a log from another journal.
/// </summary>
internal readonly record struct FileIdentity(FileKind Kind, Guid JournalId, long Generation, long Length, long PrevLength = 0, ReadOnlyMemory<byte> TailHash = default)
{
    public const int HeaderSize = 4096;
    private const int Written = 512;
    private static ReadOnlySpan<byte> Magic => "KRJOURN1"u8;

    /// <summary>SHA-256 of nothing: the tail hash of an empty range.</summary>
    public static byte[] EmptyTailHash { get; } = SHA256.HashData([]);

    public bool SameIdentity(FileIdentity other) => JournalId == other.JournalId && Generation == other.Generation;

    public byte[] Encode()
    {
        var block = new byte[Written];
        Magic.CopyTo(block);
        block[8] = (byte)Kind;
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(12), 1);
        JournalId.TryWriteBytes(block.AsSpan(16, 16));
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(32), Generation);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(40), Length);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(48), PrevLength);
        TailHash.Span.CopyTo(block.AsSpan(56, 32));
        SHA256.HashData(block.AsSpan(0, 88), block.AsSpan(88, 32));
        return block;
    }

    public void WriteTo(IJournalFile file, bool sync = true)
    {
        file.Write(0, Encode());
        if (sync)
        {
            file.FullSync();
        }
    }

    /// <summary>Reads the header; null with a reason when the file is too short, not a journal file, or the header checksum fails.</summary>
    public static FileIdentity? TryRead(IJournalFile file, out string? problem)
    {
        Span<byte> block = stackalloc byte[Written];
        var n = file.Read(0, block);
        if (n < Written)
        {
            problem = $"{file.Path}: {n} bytes, too short for the {Written}-byte journal header";
            return null;
        }

        if (!block[..8].SequenceEqual(Magic))
        {
            problem = $"{file.Path}: no journal header at offset 0 (expected \"KRJOURN1\")";
            return null;
        }

        Span<byte> sum = stackalloc byte[32];
        SHA256.HashData(block[..88], sum);
        if (!sum.SequenceEqual(block.Slice(88, 32)))
        {
            problem = $"{file.Path}: journal header checksum mismatch at offset 88";
            return null;
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(block[12..]);
        if (version != 1 || block[8] is not (1 or 2))
        {
            problem = $"{file.Path}: unsupported journal header (format {version}, kind {block[8]})";
            return null;
        }

        problem = null;
        return new FileIdentity((FileKind)block[8], new Guid(block.Slice(16, 16)), BinaryPrimitives.ReadInt64LittleEndian(block[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(block[40..]), BinaryPrimitives.ReadInt64LittleEndian(block[48..]), block.Slice(56, 32).ToArray());
    }
}

internal enum FileKind : byte
{
    Data = 1,
    Log = 2,
}
