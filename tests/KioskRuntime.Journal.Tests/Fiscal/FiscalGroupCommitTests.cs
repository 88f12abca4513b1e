using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Journal.Tests.Fiscal;

/// <summary>Signing inside group commits: many producers, some of whose writes are rejected and rolled back with their group.</summary>
public sealed class FiscalGroupCommitTests
{
    [Fact]
    public async Task Concurrent_sales_with_rejected_writes_among_them_leave_one_unbroken_chain_in_seq_order()
    {
        using var dir = new TempJournalDir();
        using var key = FiscalSigningKey.Generate();
        using var journal = dir.Open(dir.Options with { Sealer = new FiscalSealer(key, "K1") });
        var at = new DateTimeOffset(2026, 5, 17, 10, 0, 0, TimeSpan.Zero);
        long nr = 0;
        var rejected = 0;
        var producers = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var n = Interlocked.Increment(ref nr);
                var reject = (n % 7) == 0;
                var write = new JournalWrite(
                    [FiscalSealerTests.Sale(n, "10.00", "1.30", at.AddSeconds(n))],
                    reject ? (_, _) => throw new InvalidOperationException("refused by the flow") : null);
                try
                {
                    await journal.CommitAsync(write);
                }
                catch (InvalidOperationException) when (reject)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        })).ToList();
        await Task.WhenAll(producers);

        var entries = journal.ReadEvents(1).ToList();
        Assert.Equal(320 - rejected, entries.Count);
        Assert.True(journal.GroupCount < entries.Count, "the producers' writes shared group commits");
        using var publicKey = FiscalSigningKey.ImportPublicKey(key.PublicKeyPem);
        var previous = FiscalSignature.First;
        foreach (var entry in entries)
        {
            var tx = FiscalTransaction.Read(entry.Type, entry.PayloadJson);
            Assert.True(
                FiscalSignature.Verify(publicKey, FiscalSignature.Build(previous, entry.OccurredAt, tx.Nr, tx.AmountInclVat, tx.AmountExclVat), tx.Signature!),
                $"seq {entry.Seq} (receipt {tx.Nr}) is not chained to the entry before it");
            previous = tx.Signature!;
        }

        Assert.Equal(previous, journal.GetState<FiscalChainDocument>(FiscalCollections.Chains, "K1")!.LastSignature);
    }
}
