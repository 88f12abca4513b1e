using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Fiscal;
using KioskRuntime.Reports.Saft;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Bench.Journal;

/// <summary>
/// Issue 15, side by side in one process on one disk: (1) durable single-producer sale commits with and without the fiscal sealer
/// (RSA-1024 signature on the writer thread), rounds interleaved; (2) the SAF-T export of one month and of one year from the same
/// kind of journal: time and the managed heap's peak while exporting (bounded memory means the year's peak ≈ the month's).
/// </summary>
internal static class FiscalBench
{
    public static async Task<int> RunAsync(string dir, TimeSpan duration, int rounds)
    {
        Directory.CreateDirectory(dir);
        var plain = new List<double>();
        var signed = new List<double>();
        using var key = FiscalSigningKey.Generate();
        for (var round = 0; round < rounds; round++)
        {
            plain.Add(await CommitRate(Path.Combine(dir, $"plain{round}"), null, duration).ConfigureAwait(false));
            signed.Add(await CommitRate(Path.Combine(dir, $"signed{round}"), new FiscalSealer(key, "K1"), duration).ConfigureAwait(false));
        }

        var signWatch = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            key.Sign(FiscalSignature.Build("0", DateTimeOffset.UtcNow, i, 158.80m, 132.59m));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one RSA-1024 SHA-1 signature: {signWatch.Elapsed.TotalMilliseconds / 2000:0.000} ms"));
        var p = Median(plain);
        var s = Median(signed);
        Console.WriteLine("| durable single-producer sale commits | events/s (median of rounds) | vs unsigned |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| unsigned (no sealer) | {p:0} | 1.00× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| signed (FiscalSealer, RSA-1024 SHA-1) | {s:0} | {s / p:0.00}× |"));

        var month = await ExportMeasure(Path.Combine(dir, "month"), 30, key).ConfigureAwait(false);
        var year = await ExportMeasure(Path.Combine(dir, "year"), 365, key).ConfigureAwait(false);
        Console.WriteLine("| SAF-T export | transactions | seconds | peak managed heap MiB | bytes written MiB |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, m) in new[] { ("30 days", month), ("365 days", year) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {m.Transactions} | {m.Seconds:0.00} | {m.PeakHeap / 1048576.0:0.0} | {m.Bytes / 1048576.0:0.0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"year vs month: {year.Transactions / (double)month.Transactions:0.0}× the transactions, {year.Seconds / month.Seconds:0.0}× the time, {year.PeakHeap / (double)month.PeakHeap:0.00}× the peak heap"));
        return 0;
    }

    private static async Task<double> CommitRate(string dir, ITransactionSealer? sealer, TimeSpan duration)
    {
        using var journal = KioskJournal.Open(new JournalOptions { DataDirectory = dir, DiskReserveBytes = 0, Sealer = sealer }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        var watch = Stopwatch.StartNew();
        long n = 0;
        while (watch.Elapsed < duration)
        {
            n++;
            await journal.CommitAsync(new JournalWrite([new NewEvent(EventTypes.Sale, SaleJson(n), DateTimeOffset.UtcNow)])).ConfigureAwait(false);
        }

        var rate = n / watch.Elapsed.TotalSeconds;
        journal.Dispose();
        Directory.Delete(dir, recursive: true);
        return rate;
    }

    private static async Task<(long Transactions, double Seconds, long PeakHeap, long Bytes)> ExportMeasure(string dir, int days, FiscalSigningKey key)
    {
        var options = new JournalOptions { DataDirectory = dir, DiskReserveBytes = 0, Sealer = new FiscalSealer(key, "K1") };
        var start = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.FromHours(1));
        long n = 0;
        using (var journal = KioskJournal.Open(options, TimeProvider.System, NullLogger<KioskJournal>.Instance))
        {
            for (var d = 0; d < days; d++)
            {
                var events = Enumerable.Range(0, 25).Select(i => new NewEvent(EventTypes.Sale, SaleJson(++n), start.AddDays(d).AddMinutes(i * 20))).ToList();
                await journal.CommitAsync(new JournalWrite(events)).ConfigureAwait(false);
            }
        }

        using var read = KioskJournal.OpenReadOnly(options with { Sealer = null }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        var company = new SaftCompany("123456785", "Bench AS", ["Storgata 1", "0155 Oslo"], "bench", "K1", "NOK", "KioskRuntime");
        GC.Collect();
        long peak = GC.GetTotalMemory(true);
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(2).ConfigureAwait(false);
            }
        });
        var counting = new CountingStream();
        var watch = Stopwatch.StartNew();
        var summary = new SaftExporter(company, () => read.ReadEvents(1), TimeProvider.System)
            .Write(counting, DateOnly.FromDateTime(start.DateTime), DateOnly.FromDateTime(start.DateTime).AddDays(days - 1));
        watch.Stop();
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        read.Dispose();
        Directory.Delete(dir, recursive: true);
        return (summary.Transactions, watch.Elapsed.TotalSeconds, peak, counting.Length);
    }

    private static string SaleJson(long receiptNo) => EventJson.Serialize(new SalePayload(
        receiptNo, "NOK",
        [new SaleLinePayload("07038010001659", "Blåbærsyltetøy 400 g", "2", "39.90", "15", "79.80"), new SaleLinePayload("07310865004703", "Batterier AA", "1", "79.00", "25", "79.00")],
        "158.80", [new VatPayload("15", "69.39", "10.41"), new VatPayload("25", "63.20", "15.80")],
        [new PaymentPayload("card", "158.80", $"T-{receiptNo}", "Visa")], "K1"));

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Discards what is written, counting it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
