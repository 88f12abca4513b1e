namespace KioskRuntime.Peripherals.Drivers;

/// <summary>Checks every GPIO driver's options share.</summary>
internal static class GpioDriverChecks
{
    public static IEnumerable<(string Path, string Message)> Chip(string chipLabel, string sysRoot)
    {
        if (string.IsNullOrWhiteSpace(chipLabel))
        {
            yield return ("options.chipLabel", "expected a non-empty string");
        }

        if (string.IsNullOrWhiteSpace(sysRoot))
        {
            yield return ("options.sysRoot", "expected a non-empty string");
        }
    }
}
