using System.Globalization;

namespace KioskRuntime.Domain;

/// <summary>
/// The code printed on every sales receipt (as a barcode) that starts a return when scanned: <c>KRT:&lt;kioskId&gt;:&lt;receiptNo&gt;</c>.
/// Code 128 carries it; the kiosk id keeps a receipt from another kiosk from being returned here.
/// </summary>
public static class ReturnCode
{
    private const string Prefix = "KRT:";

    public static string Format(string kioskId, long receiptNo) => $"{Prefix}{kioskId}:{receiptNo.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string data, out string kioskId, out long receiptNo)
    {
        kioskId = "";
        receiptNo = 0;
        if (!data.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = data.AsSpan(Prefix.Length);
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out receiptNo) || receiptNo <= 0)
        {
            return false;
        }

        kioskId = rest[..colon].ToString();
        return true;
    }
}
