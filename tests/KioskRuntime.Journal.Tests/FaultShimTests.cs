using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace KioskRuntime.Journal.Tests;

/// <summary>
/// The C fault shim (tests/native/faultfs.c, compiled here with cc) under a real journal in a child process: fsync-family and
/// write failures with EIO/ENOSPC at a chosen call. The child is given the shim's path as an argument and routes the libc imports
/// of KioskRuntime.Linux to it with NativeLibrary.SetDllImportResolver before first use: LD_PRELOAD alone does not reach them
/// (checked: a LibraryImport bound to libc.so.6 by handle bypasses interposition; see the journal README).
/// </summary>
public sealed class FaultShimTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("fdatasync", 5, 4, 0)]   // EIO on every log fdatasync from the 4th: stays closed
    [InlineData("pwrite", 28, 12, 2)]    // ENOSPC on two log writes: fails closed, then resumes by itself
    [InlineData("fdatasync", 28, 6, 1)]  // ENOSPC once on a log fdatasync: fails closed, then resumes by itself
    public void Under_the_shim_the_journal_fails_closed_and_loses_nothing_acknowledged(string call, int errno, int nth, int count)
    {
        var shim = BuildShim();
        using var dir = new TempJournalDir();
        var lines = RunChild(dir.Path, 40, shim, new Dictionary<string, string>
        {
            ["FAULTFS_CALL"] = call,
            ["FAULTFS_MATCH"] = "journal-log.db",
            ["FAULTFS_NTH"] = nth.ToString(CultureInfo.InvariantCulture),
            ["FAULTFS_COUNT"] = count.ToString(CultureInfo.InvariantCulture),
            ["FAULTFS_ERRNO"] = errno.ToString(CultureInfo.InvariantCulture),
        });
        var acked = lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(l => l.Split(' ')).Select(p => (Seq: long.Parse(p[1], CultureInfo.InvariantCulture), N: p[2], Hash: p[3])).ToList();
        var failed = lines.Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToHashSet();
        Assert.NotEmpty(failed);
        Assert.Contains(lines, l => l.StartsWith("HEALTH False", StringComparison.Ordinal) && l.Contains(errno == 28 ? "ENOSPC (28)" : "EIO (5)", StringComparison.Ordinal));
        if (count > 0)
        {
            Assert.Contains(lines, l => l.StartsWith("HEALTH True", StringComparison.Ordinal)); // resumed without a restart
        }

        using var journal = dir.Open();
        Assert.Null(journal.PendingRecovery);
        var entries = journal.ReadEvents(1).ToList();
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Seq));
        foreach (var a in acked)
        {
            var e = entries[(int)a.Seq - 1];
            Assert.Equal(a.Hash, e.Hash);
            Assert.Equal($"{{\"n\":{a.N}}}", e.PayloadJson);
        }

        Assert.DoesNotContain(entries, e => failed.Contains(CrashSim.CrashHarness.SaleNumber(e.PayloadJson).ToString(CultureInfo.InvariantCulture)));
        Assert.True(journal.Verify().IsValid);
    }

    private List<string> RunChild(string dir, int count, string shim, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ChildDll());
        start.ArgumentList.Add("fault-child");
        start.ArgumentList.Add(dir);
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(shim);
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(120_000), "fault child did not finish");
        output.WriteLine(stdout);
        output.WriteLine(stderr.Result);
        Assert.True(child.ExitCode == 0, $"fault child exit {child.ExitCode}: {stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    internal static string ChildDll()
    {
        var baseDir = AppContext.BaseDirectory; // tests/KioskRuntime.Journal.Tests/bin/<cfg>/net10.0/
        var cfg = new DirectoryInfo(baseDir).Parent!.Name;
        var dll = Path.Combine(RepoRoot(), "bench", "KioskRuntime.Bench.Journal", "bin", cfg, "net10.0", "KioskRuntime.Bench.Journal.dll");
        Assert.True(File.Exists(dll), $"{dll} missing: the test project builds it through its ProjectReference");
        return dll;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tests", "native", "faultfs.c")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (with tests/native/faultfs.c) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Compiles the shim into a per-run temp directory (nothing installed globally).</summary>
    private static string BuildShim()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "kjournal-faultfs-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(outDir);
        var so = Path.Combine(outDir, "faultfs.so");
        lock (typeof(FaultShimTests))
        {
            if (!File.Exists(so))
            {
                var cc = new ProcessStartInfo("cc") { RedirectStandardError = true };
                foreach (var a in new[] { "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", so, Path.Combine(RepoRoot(), "tests", "native", "faultfs.c"), "-ldl" })
                {
                    cc.ArgumentList.Add(a);
                }

                using var p = Process.Start(cc) ?? throw new InvalidOperationException("cc not found: the fault shim needs a C compiler");
                var err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "cc failed: " + err);
            }
        }

        return so;
    }
}
