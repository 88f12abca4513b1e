using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Devices;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Bench.Scanners;

/// <summary>Drives one real driver through a FIFO at a fixed rate and measures write() → IScanSink.</summary>
internal static class LatencyRun
{
    private const int Warmup = 200;

    public static double[] Run(string driver, int scans, int rate)
    {
        string dir = Path.Combine(Path.GetTempPath(), "kiosk-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string node = Path.Combine(dir, driver == "hidraw" ? "hidraw0" : "event0");
        using (Process mkfifo = Process.Start("mkfifo", node))
        {
            mkfifo.WaitForExit();
        }

        var sink = new TimingSink(Warmup + scans);
        using var stop = new CancellationTokenSource();
        var discovery = new SysfsScannerDiscovery(Path.Combine(dir, "sys"), dir);
        IBarcodeScanner scanner = driver == "hidraw"
            ? new HidrawScanner("bench", new HidrawScannerOptions { Path = node, ReportDescriptorHex = Fixtures.DescriptorHex },
                sink, TimeProvider.System, NullLogger<HidrawScanner>.Instance, discovery)
            : new EvdevKeyboardScanner("bench", new EvdevScannerOptions { Path = node, Layout = "no", EventSize = "24" },
                sink, TimeProvider.System, NullLogger<EvdevKeyboardScanner>.Instance, discovery);
        Task run = scanner.RunAsync(stop.Token);
        while (scanner.Status.State != DeviceState.Ready)
        {
            Thread.Sleep(5);
        }

        var sent = new long[Warmup + scans];
        using (var fifo = new FileStream(node, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            long interval = Stopwatch.Frequency / rate;
            long next = Stopwatch.GetTimestamp();
            for (int i = 0; i < sent.Length; i++)
            {
                string data = "2" + i.ToString("D12", CultureInfo.InvariantCulture);
                byte[] bytes = driver == "hidraw"
                    ? Fixtures.Report(data, continued: false)
                    : Fixtures.EventBytes(Fixtures.KeyEvents(data), 24);
                while (Stopwatch.GetTimestamp() < next)
                {
                    Thread.Sleep(TimeSpan.FromTicks(Math.Max(0, (next - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency - 10_000)));
                    if (next - Stopwatch.GetTimestamp() < Stopwatch.Frequency / 1000)
                    {
                        while (Stopwatch.GetTimestamp() < next)
                        {
                            Thread.SpinWait(20);
                        }
                    }
                }

                sent[i] = Stopwatch.GetTimestamp();
                fifo.Write(bytes);
                next += interval;
            }
        }

        if (!sink.Done.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{driver}: only {sink.Count} of {sent.Length} scans arrived");
        }

        stop.Cancel();
        run.Wait(TimeSpan.FromSeconds(5));
        Directory.Delete(dir, recursive: true);
        return [.. Enumerable.Range(Warmup, scans).Select(i => (sink.Arrived[i] - sent[i]) * 1_000_000.0 / Stopwatch.Frequency)];
    }

    private sealed class TimingSink(int expected) : IScanSink
    {
        private int _count;

        public long[] Arrived { get; } = new long[expected];

        public ManualResetEventSlim Done { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken)
        {
            long now = Stopwatch.GetTimestamp();
            int i = int.Parse(code.Data.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture);
            Arrived[i] = now;
            if (Interlocked.Increment(ref _count) == Arrived.Length)
            {
                Done.Set();
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"bench scan rejected: {rejected.Reason}");
    }
}
