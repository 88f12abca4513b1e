// Scanner benchmark harness. Usage: dotnet run -c Release --project bench/KioskRuntime.Bench.Scanners -- [--scans N] [--rate R]
// 1. Latency: kernel-exact reports (hidraw) and input_event records (evdev) written to a FIFO that stands in for the device node,
//    read by the real driver, delivered to an IScanSink; time from just before write() to the sink call, at R scans/s.
// 2. Throughput of the parsers on their own.
using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Bench.Scanners;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;

int scans = ArgValue(args, "--scans", 2000);
int rate = ArgValue(args, "--rate", 100);

Console.WriteLine($"Scanner bench: {scans} scans at {rate}/s per driver, {Environment.ProcessorCount} CPUs, load {LoadAverage()}, " +
                  $"{(Environment.Is64BitProcess ? "64" : "32")}-bit, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("| path | scans | p50 µs | p90 µs | p99 µs | max µs |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (string driver in new[] { "hidraw", "evdev" })
{
    double[] latencies = LatencyRun.Run(driver, scans, rate);
    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| FIFO → {driver} driver → IScanSink | {latencies.Length} | {P(latencies, 0.50):F0} | {P(latencies, 0.90):F0} | {P(latencies, 0.99):F0} | {latencies[^1]:F0} |"));
}

Console.WriteLine();
Console.WriteLine("| parser | input | per second |");
Console.WriteLine("|---|---|---|");
byte[] descriptor = Convert.FromHexString(Fixtures.DescriptorHex);
Throughput("HidDescriptorParser.Parse + HidPosLayout.TryFrom", $"{descriptor.Length}-byte HID POS descriptor", () =>
{
    HidPosLayout.TryFrom(HidDescriptorParser.Parse(descriptor), out _, out _);
});
var assembler = new HidPosReportAssembler(HidPosLayout.Honeywell64);
byte[] report = Fixtures.Report("7038010001659", continued: false);
Throughput("HidPosReportAssembler.Accept", "64-byte report, 13-digit EAN", () => assembler.Accept(report));
KeyboardLayout.TryGet("no", out KeyboardLayout layout);
var decoder = new KeyboardDecoder(layout);
InputEvent[] scanEvents = [.. Fixtures.KeyEvents("7038010001659")];
Throughput("KeyboardDecoder.Feed", $"one scan = {scanEvents.Length} events (EV_MSC/EV_KEY/EV_SYN)", () =>
{
    foreach (InputEvent e in scanEvents)
    {
        decoder.Feed(e);
    }
});
var framer = new InputEventFramer(24);
byte[] eventBytes = Fixtures.EventBytes(scanEvents, 24);
var sinkList = new List<InputEvent>(scanEvents.Length);
Throughput("InputEventFramer.Decode (24-byte)", $"one scan = {eventBytes.Length} bytes", () =>
{
    framer.Decode(eventBytes, sinkList);
    sinkList.Clear();
});

static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

static void Throughput(string name, string input, Action op)
{
    for (int i = 0; i < 10_000; i++)
    {
        op();
    }

    long count = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed < TimeSpan.FromSeconds(2))
    {
        for (int i = 0; i < 1000; i++)
        {
            op();
        }

        count += 1000;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {input} | {count / sw.Elapsed.TotalSeconds:N0} |"));
}

static int ArgValue(string[] args, string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}
