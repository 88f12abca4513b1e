using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Bench.Journal;

/// <summary>
/// Child process for the fault-injection tests: commits COUNT sales one at a time and prints one line per outcome
/// ("ACK seq n hash", "FAIL n reason", "HEALTH canWrite reason"), so the parent can check that nothing acknowledged is lost.
/// With a shim path, every libc import of KioskRuntime.Linux (the only assembly that binds libc) resolves to that library before
/// first use: the test seam for fault injection. The shipped binaries set no resolver and read no environment for it.
/// </summary>
internal static class FaultChild
{
    public static async Task<int> RunAsync(string dir, int count, string? libcShim)
    {
        if (libcShim is not null)
        {
            var shim = NativeLibrary.Load(libcShim);
            NativeLibrary.SetDllImportResolver(typeof(KioskRuntime.Linux.FileDescriptor).Assembly, (name, _, _) => name == "libc" ? shim : 0);
        }

        var options = new JournalOptions { DataDirectory = dir, DiskReserveBytes = 0 };
        using var journal = KioskJournal.Open(options, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        journal.HealthChanged += h => Console.WriteLine($"HEALTH {h.CanWrite} {h.Reason}");
        for (var n = 0; n < count; n++)
        {
            var write = new JournalWrite(
                [new NewEvent("sale", $"{{\"n\":{n}}}", DateTimeOffset.UtcNow)],
                (s, e) => s.Put("c", "last", new Last { N = n }));
            try
            {
                var entries = await journal.CommitAsync(write).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACK {entries[0].Seq} {n} {entries[0].Hash}"));
            }
            catch (JournalUnavailableException e)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAIL {n} {e.Reason}"));
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        Console.WriteLine($"END {journal.LastSeq} {journal.Health.CanWrite}");
        return 0;
    }

    private sealed class Last
    {
        public int N { get; set; }
    }
}
