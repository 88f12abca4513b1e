using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// The 4 KiB block in front of LiteDB's pages in both journal files; it ties journal.db and journal-log.db into one unit.
/// Layout (one 512-byte sector is ever written, so it is never torn):
/// 0..8 "KRJOURN1"; 8 kind (1 data, 2 log); 12..16 format 1 (LE); 16..32 journal id; 32..40 generation (LE);
/// 40..48 committed length (LE); 48..80 SHA-256 of bytes 0..48.
/// Committed length: for the log, the LiteDB log length covered by the last acknowledged commit (rewritten with every commit,
/// between the confirm sector and the final fdatasync, so a log shorter than it was truncated, not torn by a crash);
/// for the data file, its LiteDB length at the last checkpoint.
/// The generation advances each time LiteDB empties the log (checkpoint), so an older data file paired with a newer log
/// (or the reverse) is as foreign as a log from another journal.
/// </summary>
internal readonly record struct FileIdentity(FileKind Kind, Guid JournalId, long Generation, long Length)
{
    public const int HeaderSize = 4096;
    private const int Written = 512;
    private static ReadOnlySpan<byte> Magic => "KRJOURN1"u8;

    public byte[] Encode()
    {
        var block = new byte[Written];
        Magic.CopyTo(block);
        block[8] = (byte)Kind;
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(12), 1);
        JournalId.TryWriteBytes(block.AsSpan(16, 16));
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(32), Generation);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(40), Length);
        SHA256.HashData(block.AsSpan(0, 48), block.AsSpan(48, 32));
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
        SHA256.HashData(block[..48], sum);
        if (!sum.SequenceEqual(block.Slice(48, 32)))
        {
            problem = $"{file.Path}: journal header checksum mismatch at offset 48";
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
            BinaryPrimitives.ReadInt64LittleEndian(block[40..]));
    }
}

internal enum FileKind : byte
{
    Data = 1,
    Log = 2,
}
