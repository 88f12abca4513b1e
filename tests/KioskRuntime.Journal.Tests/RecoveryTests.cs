using KioskRuntime.Journal.Storage;
using System.Text.Json;

namespace KioskRuntime.Journal.Tests;

/// <summary>Damaged-file fixtures: detected on open, both files quarantined, the verified prefix salvaged, a report written, sales refused until accepted.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task A_flipped_byte_in_a_data_page_is_quarantined_salvaged_reported_and_blocks_sales_until_accepted()
    {
        using var dir = new TempJournalDir();
        await TamperTests.Populate(dir, 10);
        var bytes = File.ReadAllBytes(dir.DataFile);
        var at = bytes.AsSpan().IndexOf("\"n\":6,"u8); // seq 7
        bytes[at + 2] ^= 0x04; // "n" -> "j": same length, different payload
        File.WriteAllBytes(dir.DataFile, bytes);

        using var journal = dir.Open();
        var report = journal.PendingRecovery;
        Assert.NotNull(report);
        Assert.Equal(6, report.SalvagedCount);
        Assert.Equal(1, report.SalvagedFirstSeq);
        Assert.Equal(6, report.SalvagedLastSeq);
        Assert.Equal([new SeqRange(7, 10)], report.LostSeqs);
        Assert.True(report.LostUpperBoundKnown);
        Assert.Equal(11, report.NextSeq);
        Assert.Contains("seq 7", report.Reason);
        Assert.True(File.Exists(Path.Combine(report.QuarantineDirectory, "journal.db")));
        Assert.True(File.Exists(Path.Combine(report.QuarantineDirectory, "journal-log.db")));
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(report.QuarantineDirectory, "journal.db")));
        var onDisk = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(report.QuarantineDirectory, "recovery-report.json")));
        Assert.Equal(6, onDisk.GetProperty("salvagedCount").GetInt64());

        Assert.False(journal.Health.CanWrite);
        Assert.Equal("journal recovered: 6 entries salvaged, seqs 7–10 lost; run `kioskctl journal recover --accept`", journal.Health.Reason);
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.CommitAsync(Writes.Sale(99)));
        Assert.StartsWith("journal recovered", refused.Reason);
        Assert.Equal(6, journal.LastSeq);
        Assert.True(journal.Verify().IsValid);

        journal.AcceptRecovery();
        Assert.True(journal.Health.CanWrite);
        Assert.Null(journal.PendingRecovery);
        var next = await journal.CommitAsync(Writes.Sale(99));
        Assert.Equal(11, Assert.Single(next).Seq); // lost seqs are never reused
        Assert.Equal(journal.ReadEvents(6, 1).Single().Hash, next[0].PrevHash);
        var v = journal.Verify();
        Assert.True(v.IsValid, v.Problem);
        Assert.Equal(7, v.EntryCount);
    }

    [Fact]
    public async Task The_pending_report_survives_a_restart_and_read_only_opens_show_it()
    {
        using var dir = new TempJournalDir();
        await TamperTests.Populate(dir, 4);
        var bytes = File.ReadAllBytes(dir.DataFile);
        bytes[bytes.AsSpan().IndexOf("\"n\":3,"u8) + 2] ^= 0x04;
        File.WriteAllBytes(dir.DataFile, bytes);
        using (var first = dir.Open())
        {
            Assert.NotNull(first.PendingRecovery);
        }

        using (var ro = dir.OpenReadOnly())
        {
            Assert.Equal(3, ro.PendingRecovery!.SalvagedCount);
        }

        using var again = dir.Open();
        Assert.Equal(3, again.PendingRecovery!.SalvagedCount);
        Assert.False(again.Health.CanWrite);
        Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "quarantine")));
    }

    [Fact]
    public async Task A_foreign_log_is_detected_and_never_replayed()
    {
        using var a = new TempJournalDir();
        using var b = new TempJournalDir();
        using (var ja = a.Open())
        using (var jb = b.Open())
        {
            for (var i = 0; i < 3; i++)
            {
                await ja.CommitAsync(Writes.Sale(i));
                await jb.CommitAsync(Writes.Sale(100 + i));
            }

            // crash images: files as they are on disk while both journals run (commits still in the logs)
            File.Copy(a.DataFile, a.DataFile + ".img");
            File.Copy(b.LogFile, b.LogFile + ".img");
        }

        File.Move(a.DataFile + ".img", a.DataFile, overwrite: true);
        File.Move(b.LogFile + ".img", a.LogFile, overwrite: true);
        using var journal = a.Open();
        var report = journal.PendingRecovery!;
        Assert.Contains("foreign", report.Reason);
        Assert.Equal(0, report.SalvagedCount); // a's commits lived only in its own (replaced) log
        Assert.DoesNotContain(journal.ReadEvents(1), e => e.PayloadJson.Contains("\"n\":10", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("data file alone", StringComparison.Ordinal));
    }

    /// <summary>
    /// A checkpoint stamps the log empty and keeps its blocks (no zero-fill on the next commits). A power cut after the data header
    /// took generation+1 but before the log header did leaves the previous generation's log, stamped empty, over stale pages: that
    /// is an empty log (every commit in it is in the data file), not a foreign one. One generation further back is foreign.
    /// </summary>
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task A_log_emptied_by_the_last_checkpoint_but_one_generation_behind_opens_as_empty(int generationsBehind, bool opens)
    {
        using var dir = new TempJournalDir();
        using (var journal = dir.Open())
        {
            for (var i = 0; i < 20; i++)
            {
                await journal.CommitAsync(Writes.Sale(i));
            }
        } // closing checkpoints: data header generation+1, log stamped empty

        var fs = new LibcFileSystem();
        using (var log = fs.Open(dir.LogFile, JournalFileMode.ReadWrite))
        {
            Assert.True(log.GetLength() > 4 * 8192, $"the log kept its blocks ({log.GetLength()} bytes)");
            var stamp = FileIdentity.TryRead(log, out var problem) ?? throw new InvalidOperationException(problem);
            Assert.Equal(0, stamp.Length);
            (stamp with { Generation = stamp.Generation - generationsBehind }).WriteTo(log);
        }

        using (var reopened = dir.Open())
        {
            if (!opens)
            {
                Assert.Contains("foreign", reopened.PendingRecovery!.Reason);
                return;
            }

            Assert.Null(reopened.PendingRecovery);
            Assert.Equal(20, reopened.LastSeq);
            await reopened.CommitAsync(Writes.Sale(20));
        }

        using var again = dir.OpenReadOnly();
        var v = again.Verify();
        Assert.True(v.IsValid, v.Problem);
        Assert.Equal(21, v.EntryCount);
    }

    [Fact]
    public async Task A_truncated_log_is_detected_and_the_verified_prefix_salvaged()
    {
        using var dir = new TempJournalDir();
        byte[] log;
        using (var journal = dir.Open())
        {
            for (var i = 0; i < 8; i++)
            {
                await journal.CommitAsync(Writes.Sale(i));
            }

            log = File.ReadAllBytes(dir.LogFile);
            File.Copy(dir.DataFile, dir.DataFile + ".img");
        }

        File.Move(dir.DataFile + ".img", dir.DataFile, overwrite: true);
        // cut well inside the acknowledged log (a cut within the LAST commit's pages looks exactly like a power cut before its sync)
        // (the file itself runs ahead of the log, zero-filled: cut halfway into what the commit stamp says was acknowledged)
        var acknowledged = BitConverter.ToInt64(log, 48);
        File.WriteAllBytes(dir.LogFile, log[..(int)(4096 + (acknowledged / 2 / 8192 * 8192) + 100)]);
        using var reopened = dir.Open();
        var report = reopened.PendingRecovery!;
        Assert.Contains("truncated", report.Reason);
        Assert.InRange(report.SalvagedCount, 1, 7);
        Assert.Equal(report.SalvagedCount, reopened.LastSeq);
        Assert.True(reopened.Verify().IsValid);
    }

    [Fact]
    public async Task A_missing_data_file_next_to_a_log_is_recovered_not_restarted_empty()
    {
        using var dir = new TempJournalDir();
        await TamperTests.Populate(dir, 2);
        File.Delete(dir.DataFile);
        using var journal = dir.Open();
        Assert.NotNull(journal.PendingRecovery);
        Assert.Contains("missing", journal.PendingRecovery.Reason);
        Assert.False(journal.Health.CanWrite);
    }
}
