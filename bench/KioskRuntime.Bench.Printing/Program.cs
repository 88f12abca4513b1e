// Printing benchmark harness. Usage:
//   dotnet run -c Release --project bench/KioskRuntime.Bench.Printing -- [--seconds N] [--profile NAME] [--samples DIR]
// Measures receipts/s for: compose+encode, decode, render text, render HTML, render PNG (30 lines, logo, QR).
using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;

var seconds = 3.0;
var profileName = "epson-tm-t20iii";
string? samples = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--profile": profileName = args[++i]; break;
        case "--samples": samples = args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var caps = PrinterCapabilities.Get(profileName);
var receipt = BenchReceipt.Create(30);
var format = ReceiptFormat.For(caps) with { Logo = BenchReceipt.Logo(400, 120) };
var encoder = new EscPosEncoder();
var bytes = encoder.Encode(NorwegianReceiptLayout.Compose(receipt, format), caps);
var decoded = EscPosDecoder.Decode(bytes, caps.Dialect);

if (samples is not null)
{
    Directory.CreateDirectory(samples);
    File.WriteAllBytes(Path.Combine(samples, "receipt.bin"), bytes);
    File.WriteAllText(Path.Combine(samples, "receipt.txt"), ReceiptTextRenderer.Render(decoded, caps.Columns));
    File.WriteAllText(Path.Combine(samples, "receipt.html"), ReceiptHtmlRenderer.Render(decoded, caps.Columns));
    File.WriteAllBytes(Path.Combine(samples, "receipt.png"), ReceiptPngRenderer.Render(decoded, caps.PaperWidthDots));
}

Console.WriteLine($"profile {caps.Name}, 30-line receipt with {format.Logo!.Width}x{format.Logo.Height} logo and QR: {bytes.Length} bytes");
Console.WriteLine($"{"operation",-22} {"receipts/s",12} {"µs/receipt",12} {"CPU µs/receipt",15}");
Measure("compose+encode", () => encoder.Encode(NorwegianReceiptLayout.Compose(receipt, format), caps).Length);
Measure("decode", () => EscPosDecoder.Decode(bytes, caps.Dialect).Blocks.Length);
Measure("render text", () => ReceiptTextRenderer.Render(decoded, caps.Columns).Length);
Measure("render html", () => ReceiptHtmlRenderer.Render(decoded, caps.Columns).Length);
Measure("render png", () => ReceiptPngRenderer.Render(decoded, caps.PaperWidthDots).Length);
Measure("decode+render png", () => ReceiptPngRenderer.Render(EscPosDecoder.Decode(bytes, caps.Dialect), caps.PaperWidthDots).Length);
return 0;

void Measure(string name, Func<int> action)
{
    var sink = 0L;
    for (var i = 0; i < 20; i++)
    {
        sink += action();
    }

    // Wall time and this thread's CPU time: on a loaded machine the CPU figure is the one that compares across runs.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var count = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        sink += action();
        count++;
    }

    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var perSecond = count / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{name,-22} {perSecond,12:F0} {1e6 / perSecond,12:F1} {cpu.TotalMicroseconds / count,15:F1}{(sink == 42 ? " " : string.Empty)}");
}
