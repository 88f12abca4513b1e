using BenchmarkDotNet.Attributes;
using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Bench.Barcodes;

/// <summary>
/// Throughput of <see cref="BarcodeInterpreter.Interpret"/> on what a grocery kiosk scans. Each benchmark interprets
/// <see cref="Batch"/> scans per invocation (OperationsPerInvoke), so the reported Mean is per interpretation and
/// interpretations/s = 1 s / Mean.
/// </summary>
[MemoryDiagnoser]
public class InterpretBenchmarks
{
    private const int Batch = 1_000;

    private static readonly (string Data, string? Aim)[] Ean13 = [("7038010001659", "]E0")];
    private static readonly (string Data, string? Aim)[] Gs1WeightAndBatch = [("0107038010001659" + "3103001250" + "10LOT42\u001D" + "17270131", "]C1")];
    private static readonly (string Data, string? Aim)[] VariableMeasure = [("2300123012507", "]E0")];

    /// <summary>The mix: 70 % EAN-13, 20 % variable measure, 10 % GS1-128 with weight, batch and expiry.</summary>
    private static readonly (string Data, string? Aim)[] Mix =
    [
        .. Enumerable.Repeat(Ean13[0], 7),
        .. Enumerable.Repeat(VariableMeasure[0], 2),
        Gs1WeightAndBatch[0],
    ];

    private readonly BarcodeInterpreter _interpreter = new(
    [
        new VariableMeasureTemplate { Prefix = "23", ItemDigits = 5, ValueDigits = 5, Decimals = 3, Unit = VariableMeasureUnit.Kilograms },
        new VariableMeasureTemplate { Prefix = "20", ItemDigits = 4, HasVerifierDigit = true, ValueDigits = 5, Decimals = 2, Unit = VariableMeasureUnit.Kroner },
    ]);

    [Benchmark(OperationsPerInvoke = Batch, Baseline = true)]
    public int Mix70Ean20Variable10Gs1() => Run(Mix);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Ean13Only() => Run(Ean13);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int VariableMeasureOnly() => Run(VariableMeasure);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Gs1128WeightBatchExpiryOnly() => Run(Gs1WeightAndBatch);

    private int Run((string Data, string? Aim)[] scans)
    {
        int products = 0;
        for (int i = 0; i < Batch; i++)
        {
            (string data, string? aim) = scans[i % scans.Length];
            if (_interpreter.Interpret(data, aim) is not InvalidCode)
            {
                products++;
            }
        }

        return products;
    }
}
