using System.Text;
using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal.Tests;

/// <summary>Verify detects any edit of a stored entry: through LiteDB (field by field) and as single flipped bytes in the file.</summary>
public sealed class TamperTests
{
    public static TheoryData<string> Fields => new() { "payload", "type", "id", "at", "prev", "hash", "_id", "delete" };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Verify_detects_an_edited_entry_and_names_its_seq(string field)
    {
        using var dir = new TempJournalDir();
        await Populate(dir, 6);
        using (var raw = JournalStore.Open(new LibcFileSystem(), dir.DataFile, dir.LogFile, writable: true, create: false, SalvageMode.None))
        {
            var events = raw.Events;
            var doc = events.FindById(4);
            switch (field)
            {
                case "payload": doc["payload"] = doc["payload"].AsString.Replace("12.50", "12.51", StringComparison.Ordinal); break;
                case "type": doc["type"] = "salf"; break;
                case "id": doc["id"] = Guid.CreateVersion7(); break;
                case "at": doc["at"] = doc["at"].AsString.Replace(".003", ".004", StringComparison.Ordinal); break;
                case "prev": doc["prev"] = FlipFirst(doc["prev"].AsString); break;
                case "hash": doc["hash"] = FlipFirst(doc["hash"].AsString); break;
                case "_id":
                    events.Delete(4);
                    doc["_id"] = 40L;
                    events.Insert(doc);
                    break;
                default: events.Delete(4); break;
            }

            if (field is not ("_id" or "delete"))
            {
                Assert.True(events.Update(doc));
            }
        }

        using var journal = dir.OpenReadOnly();
        var v = journal.Verify();
        Assert.False(v.IsValid);
        Assert.Equal(4, v.ProblemSeq);
        Assert.False(string.IsNullOrEmpty(v.Problem));
    }

    /// <summary>
    /// The walk reads the journal in batches of 1,024 (one read transaction each, so LiteDB's cache stays small): an entry at either side
    /// of a batch boundary is checked like any other, and an intact journal walks every entry exactly once.
    /// </summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(1024L)]
    [InlineData(1025L)]
    [InlineData(2049L)]
    public async Task Verify_walks_across_read_batches_and_detects_a_deletion_at_any_of_their_edges(long deleted)
    {
        using var dir = new TempJournalDir();
        using (var journal = dir.Open())
        {
            for (var burst = 0; burst < 21; burst++)
            {
                await Task.WhenAll(Enumerable.Range(burst * 100, 100).Select(i => journal.CommitAsync(Writes.Sale(i))));
            }
        }

        if (deleted > 0)
        {
            using var raw = JournalStore.Open(new LibcFileSystem(), dir.DataFile, dir.LogFile, writable: true, create: false, SalvageMode.None);
            Assert.True(raw.Events.Delete(deleted));
        }

        using var reader = dir.OpenReadOnly();
        var v = reader.Verify();
        if (deleted == 0)
        {
            Assert.True(v.IsValid, v.Problem);
            Assert.Equal(2100, v.EntryCount);
            Assert.Equal(1, v.FirstSeq);
            Assert.Equal(2100, v.LastSeq);
        }
        else
        {
            Assert.False(v.IsValid);
            Assert.Equal(deleted, v.ProblemSeq);
            Assert.Contains($"seq {deleted} is missing", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Verify_detects_every_single_flipped_byte_of_a_stored_entry_in_the_data_file()
    {
        using var dir = new TempJournalDir();
        await Populate(dir, 5);
        JournalEntry expected;
        using (var before = dir.OpenReadOnly())
        {
            expected = before.GetEvent(3)!;
        }

        var original = File.ReadAllBytes(dir.DataFile);
        var (start, length) = LocateDocument(original, "\"n\":2,"); // seq 3
        Assert.True(length > 100, $"document of {length} bytes");
        var undetected = new List<int>();
        var inert = 0;
        for (var offset = start; offset < start + length; offset++)
        {
            var damaged = (byte[])original.Clone();
            damaged[offset] ^= 0x01;
            File.WriteAllBytes(dir.DataFile, damaged);
            try
            {
                using var journal = dir.OpenReadOnly();
                if (journal.Verify().IsValid)
                {
                    // BSON framing LiteDB never reads (the document length, a string's trailing NUL) changes nothing: the entry
                    // reads back identical. Anything else must be caught.
                    if (journal.GetEvent(3) == expected)
                    {
                        inert++;
                    }
                    else
                    {
                        undetected.Add(offset - start);
                    }
                }
            }
            catch (JournalUnavailableException)
            {
                // refusing to open is detection too
            }
        }

        Assert.True(undetected.Count == 0, $"flips at document offsets {string.Join(",", undetected)} of {length} changed the entry unnoticed");
        Assert.True(inert < 10, $"{inert} of {length} flips were inert; expected only BSON framing bytes");
    }

    private static string FlipFirst(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];

    internal static async Task Populate(TempJournalDir dir, int count)
    {
        using var journal = dir.Open();
        for (var i = 0; i < count; i++)
        {
            await journal.CommitAsync(Writes.Sale(i));
        }
    }

    /// <summary>The BSON document holding <paramref name="marker"/> in its payload: starts 4 bytes before its "_id" element.</summary>
    private static (int Start, int Length) LocateDocument(byte[] file, string marker)
    {
        var at = file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
        Assert.True(at > 0, "payload not found in the data file (not checkpointed?)");
        var idKey = "\u0012_id\0"u8.ToArray();
        var id = file.AsSpan(0, at).LastIndexOf(idKey);
        var start = id - 4;
        var length = BitConverter.ToInt32(file, start);
        return (start, length);
    }
}
