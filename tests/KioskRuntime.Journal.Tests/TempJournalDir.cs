using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Journal.Tests;

/// <summary>A fresh directory under /tmp per test, removed afterwards.</summary>
internal sealed class TempJournalDir : IDisposable
{
    public TempJournalDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kjournal-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public JournalOptions Options => new() { DataDirectory = Path, DiskReserveBytes = 1024 * 1024 };

    public string DataFile => System.IO.Path.Combine(Path, "journal.db");

    public string LogFile => System.IO.Path.Combine(Path, "journal-log.db");

    public KioskJournal Open(JournalOptions? options = null) =>
        KioskJournal.Open(options ?? Options, TimeProvider.System, NullLogger<KioskJournal>.Instance);

    public KioskJournal OpenReadOnly() => KioskJournal.OpenReadOnly(Options, TimeProvider.System, NullLogger<KioskJournal>.Instance);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Writes
{
    public static JournalWrite Sale(int n, Action<IJournalState, IReadOnlyList<JournalEntry>>? apply = null) =>
        new([new NewEvent("sale", $"{{\"n\":{n},\"total\":\"12.50\"}}", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(1)).AddMilliseconds(n))], apply);
}

public sealed class Counter
{
    public long Value { get; set; }
}
