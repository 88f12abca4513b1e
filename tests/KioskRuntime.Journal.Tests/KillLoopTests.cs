using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace KioskRuntime.Journal.Tests;

/// <summary>kill -9 of a process committing sales, at random moments, repeatedly on the same journal: nothing acknowledged is lost or duplicated.</summary>
public sealed class KillLoopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SIGKILL_during_commits_never_loses_or_duplicates_an_acknowledged_entry()
    {
        using var dir = new TempJournalDir();
        var rng = new Random(42);
        var acked = new Dictionary<long, string>();
        for (var kill = 0; kill < 12; kill++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(FaultShimTests.ChildDll());
            start.ArgumentList.Add("fault-child");
            start.ArgumentList.Add(dir.Path);
            start.ArgumentList.Add("1000000");
            using var child = Process.Start(start)!;
            var lines = new List<string>();
            var firstAck = new TaskCompletionSource();
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }

                    if (line.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        firstAck.TrySetResult();
                    }
                }
            };
            child.BeginOutputReadLine();
            await firstAck.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(rng.Next(20, 400));
            child.Kill(entireProcessTree: true); // SIGKILL
            await child.WaitForExitAsync();

            List<string> seen;
            lock (lines)
            {
                seen = [.. lines];
            }

            foreach (var p in seen.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
            {
                acked[long.Parse(p[1], CultureInfo.InvariantCulture)] = p[3];
            }

            using var journal = dir.Open();
            Assert.Null(journal.PendingRecovery);
            var entries = journal.ReadEvents(1).ToList();
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
            foreach (var (seq, hash) in acked)
            {
                Assert.True(seq <= entries.Count, $"kill {kill}: acknowledged seq {seq} lost (journal ends at {entries.Count})");
                Assert.Equal(hash, entries[(int)seq - 1].Hash);
            }

            Assert.True(journal.Verify().IsValid);
            output.WriteLine($"kill {kill}: {acked.Count} acknowledged so far, journal at seq {entries.Count}");
        }
    }
}
