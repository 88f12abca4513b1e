namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// Turns the sale loop's answer to a scan into a reason code the screen translates for the customer (texts in the screen's resource
/// files); the loop's own words go along as the detail for staff. Unknown wordings fall back to "not-added", never to silence.
/// </summary>
internal static class ScanReasons
{
    public static string Classify(bool accepted, string message)
    {
        if (accepted)
        {
            return message.StartsWith("return", StringComparison.OrdinalIgnoreCase) ? "return-started" : "added";
        }

        return message switch
        {
            _ when Has(message, "duplicate scan") => "duplicate",
            _ when Has(message, "unknown product") || Has(message, "not in the local catalog") => "unknown-product",
            _ when Has(message, "sold by weight") => "weigh-first",
            _ when Has(message, "return is in progress") => "return-in-progress",
            _ when Has(message, "not a product barcode") || Has(message, "check digit") => "not-a-product",
            _ when Has(message, "not selling") || Has(message, "stopping") || Has(message, "journal unavailable") => "out-of-service",
            _ when Has(message, "staff mode") => "staff-only",
            _ when Has(message, "return") || Has(message, "receipt") => "return-refused",
            _ => "not-added",
        };
    }

    private static bool Has(string message, string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);
}
