using System.Globalization;

namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>
/// nb-NO numbers as printed: decimal comma, a plain space between thousands (ICU's nb-NO uses U+00A0 and U+2212 minus,
/// which many code tables lack, so both are replaced), "kr 24,90".
/// </summary>
internal static class NokFormat
{
    private static readonly NumberFormatInfo Numbers = CreateNumbers();

    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("nb-NO");

    public static string Amount(decimal value) => value.ToString("#,##0.00", Numbers);

    public static string Kroner(decimal value) => "kr " + Amount(value);

    public static string Quantity(decimal value, int decimals) => value.ToString("#,##0." + new string('0', decimals), Numbers);

    public static string Number(decimal value) => value.ToString("#,##0.##", Numbers);

    private static NumberFormatInfo CreateNumbers()
    {
        var info = (NumberFormatInfo)CultureInfo.GetCultureInfo("nb-NO").NumberFormat.Clone();
        info.NumberGroupSeparator = " ";
        info.NumberDecimalSeparator = ",";
        info.NegativeSign = "-";
        return NumberFormatInfo.ReadOnly(info);
    }
}
