using BenchmarkDotNet.Running;

namespace KioskRuntime.Bench.Barcodes;

/// <summary>Entry point: BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job short</c> etc. work.</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
