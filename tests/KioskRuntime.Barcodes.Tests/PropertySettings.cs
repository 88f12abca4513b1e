namespace KioskRuntime.Barcodes.Tests;

/// <summary>
/// Number of generated inputs per property: 100,000 in the normal run; set KIOSK_PROPERTY_ITERATIONS
/// (e.g. 1000000) for a longer run.
/// </summary>
internal static class PropertySettings
{
    public const long DefaultIterations = 100_000;

    public static long Iterations { get; } =
        long.TryParse(Environment.GetEnvironmentVariable("KIOSK_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : DefaultIterations;
}
