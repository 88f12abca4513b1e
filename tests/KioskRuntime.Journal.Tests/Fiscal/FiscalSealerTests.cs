using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Journal.Tests.Fiscal;

public sealed class FiscalSealerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    internal static NewEvent Sale(long nr, string total, string vat, DateTimeOffset at) =>
        new("sale", $"{{\"receiptNo\":{nr},\"currency\":\"NOK\",\"total\":\"{total}\",\"vat\":[{{\"rate\":\"15\",\"base\":\"x\",\"amount\":\"{vat}\"}}]}}", at);

    internal static NewEvent Return(long nr, string total, string vat, DateTimeOffset at) =>
        new("return", $"{{\"receiptNo\":{nr},\"originalReceiptNo\":1,\"total\":\"{total}\",\"vat\":[{{\"rate\":\"15\",\"amount\":\"{vat}\"}}]}}", at);

    [Fact]
    public async Task Sales_and_returns_are_signed_in_their_commit_chained_per_register_and_verify_with_openssl()
    {
        using var dir = new TempJournalDir();
        using var key = FiscalSigningKey.Generate();
        using (var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(key, "K1") }))
        {
            await journal.CommitAsync(new JournalWrite([Sale(1, "86.40", "11.28", Noon)]));
            await journal.CommitAsync(new JournalWrite([new NewEvent("sensor", "{\"a\":1}", Noon)]));
            await journal.CommitAsync(new JournalWrite([Return(2, "86.40", "11.28", Noon.AddMinutes(5))]));
        }

        using var read = dir.OpenReadOnly();
        var entries = read.ReadEvents(1).ToList();
        Assert.DoesNotContain("signature", entries[1].PayloadJson, StringComparison.Ordinal); // not a cash transaction
        var sale = FiscalTransaction.Read("sale", entries[0].PayloadJson);
        var ret = FiscalTransaction.Read("return", entries[2].PayloadJson);
        Assert.Equal(1, sale.KeyVersion);
        Assert.Equal("K1", sale.RegisterId);
        Assert.True(OpenSsl.Verifies(key.PublicKeyPem, "0;2026-03-02;12:00:00;1;86.40;75.12", sale.Signature!));
        Assert.True(OpenSsl.Verifies(key.PublicKeyPem, $"{sale.Signature};2026-03-02;12:05:00;2;-86.40;-75.12", ret.Signature!));
        Assert.True(read.Verify().IsValid); // the SHA-256 chain covers the signed payloads
        Assert.StartsWith("{\"receiptNo\":1,\"currency\":\"NOK\",\"total\":\"86.40\"", entries[0].PayloadJson, StringComparison.Ordinal);
        Assert.Equal(ret.Signature, read.GetState<FiscalChainDocument>(FiscalCollections.Chains, "K1")!.LastSignature);
    }

    [Fact]
    public async Task A_rejected_write_signs_nothing_and_the_next_sale_chains_on_the_last_committed_one()
    {
        using var dir = new TempJournalDir();
        using var key = FiscalSigningKey.Generate();
        using var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(key, "K1") });
        await journal.CommitAsync(new JournalWrite([Sale(1, "10.00", "2.00", Noon)]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.CommitAsync(
            new JournalWrite([Sale(2, "20.00", "4.00", Noon)], (_, _) => throw new InvalidOperationException("stale receipt number"))));
        await Assert.ThrowsAsync<FormatException>(() => journal.CommitAsync(new JournalWrite([new NewEvent("sale", "{\"total\":\"1.00\"}", Noon)])));
        await journal.CommitAsync(new JournalWrite([Sale(2, "30.00", "6.00", Noon)]));

        var entries = journal.ReadEvents(1).ToList();
        Assert.Equal(2, entries.Count);
        var first = FiscalTransaction.Read("sale", entries[0].PayloadJson);
        var second = FiscalTransaction.Read("sale", entries[1].PayloadJson);
        Assert.True(OpenSsl.Verifies(key.PublicKeyPem, $"{first.Signature};2026-03-02;12:00:00;2;30.00;24.00", second.Signature!));
        Assert.True(journal.Health.CanWrite);
    }

    [Fact]
    public async Task A_payload_that_claims_a_signature_is_refused()
    {
        using var dir = new TempJournalDir();
        using var key = FiscalSigningKey.Generate();
        using var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(key, "K1") });
        var forged = new NewEvent("sale", "{\"receiptNo\":1,\"total\":\"1.00\",\"vat\":[],\"signature\":{\"value\":\"AAAA\"}}", Noon);
        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.CommitAsync(new JournalWrite([forged])));
        Assert.Equal(0, journal.LastSeq);
    }

    [Fact]
    public async Task Key_rotation_starts_version_2_and_keeps_the_chain()
    {
        using var dir = new TempJournalDir();
        using var oldKey = FiscalSigningKey.Generate();
        using var newKey = FiscalSigningKey.Generate();
        using (var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(oldKey, "K1") }))
        {
            await journal.CommitAsync(new JournalWrite([Sale(1, "10.00", "2.00", Noon)]));
        }

        using (var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(newKey, "K1") }))
        {
            await journal.CommitAsync(new JournalWrite([Sale(2, "20.00", "4.00", Noon.AddDays(1))]));
            var keys = journal.ListState<FiscalKeyDocument>(FiscalCollections.Keys).OrderBy(k => k.Version).ToList();
            Assert.Equal([1, 2], keys.Select(k => k.Version));
            Assert.Equal(newKey.PublicKeyPem, keys[1].PublicKeyPem);
            var entries = journal.ReadEvents(1).ToList();
            var first = FiscalTransaction.Read("sale", entries[0].PayloadJson);
            var second = FiscalTransaction.Read("sale", entries[1].PayloadJson);
            Assert.Equal(2, second.KeyVersion);
            Assert.True(OpenSsl.Verifies(newKey.PublicKeyPem, $"{first.Signature};2026-03-03;12:00:00;2;20.00;16.00", second.Signature!));
            Assert.False(OpenSsl.Verifies(oldKey.PublicKeyPem, $"{first.Signature};2026-03-03;12:00:00;2;20.00;16.00", second.Signature!));
        }
    }
}
