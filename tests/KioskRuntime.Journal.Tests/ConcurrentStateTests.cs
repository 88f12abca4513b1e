using KioskRuntime.Journal;

namespace KioskRuntime.Journal.Tests;

/// <summary>
/// State reads from other threads while the writer creates state collections: LiteDB 5.0.21 alone fails such a read with
/// "ENSURE: page type must be collection page" and loses the engine (litedb-org/LiteDB#2792). kioskd does exactly this when the
/// first catalog is stored while a scan looks a product up.
/// </summary>
public sealed class ConcurrentStateTests
{
    private sealed class Doc
    {
        public string Name { get; set; } = "";
        public int N { get; set; }
    }

    [Fact]
    public async Task Reads_racing_the_creation_of_state_collections_see_nothing_or_the_committed_document_never_an_error()
    {
        using var dir = new TempJournalDir();
        using var journal = dir.Open();
        const int Collections = 150;
        var current = 0;
        var errors = new List<Exception>();
        var reads = 0L;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Volatile.Read(ref current);
                try
                {
                    // The collection being created now, and the one created just before.
                    foreach (var c in new[] { n, n - 1 })
                    {
                        var doc = journal.GetState<Doc>($"race{c}", "k0");
                        Assert.True(doc is null || doc.N == c, $"race{c} holds {doc?.N}");
                        Assert.All(journal.ListState<Doc>($"race{c}"), d => Assert.Equal(c, d.N));
                    }
                }
                catch (Exception e)
                {
                    lock (errors)
                    {
                        errors.Add(e);
                    }
                }

                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        var blob = new string('x', 3000);
        for (var c = 0; c < Collections; c++)
        {
            Volatile.Write(ref current, c);
            var name = $"race{c}";
            var n = c;
            await journal.CommitAsync(new JournalWrite(
                [new NewEvent("test", "{}", DateTimeOffset.UtcNow)],
                (state, _) =>
                {
                    for (var k = 0; k < 40; k++)
                    {
                        state.Put(name, $"k{k}", new Doc { Name = blob, N = n });
                    }

                    Assert.Equal(n, state.Get<Doc>(name, "k0")!.N); // the writer sees what its own transaction created
                }));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(errors.Count == 0, $"{errors.Count} failed read(s) of {Interlocked.Read(ref reads)}, first: {errors.FirstOrDefault()}");
        Assert.True(journal.Health.CanWrite, journal.Health.Reason);
        Assert.Equal(Collections - 1, journal.GetState<Doc>($"race{Collections - 1}", "k39")!.N);
        Assert.Equal(40, journal.ListState<Doc>("race0").Count);
        Assert.True(Interlocked.Read(ref reads) > Collections, "the readers really ran alongside the writer");
    }
}
