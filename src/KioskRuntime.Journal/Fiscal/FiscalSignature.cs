using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.Journal.Fiscal;

/// <summary>
/// Skatteetaten's transaction signature (SAF-T Cash Register, "Krav til signering"): RSA-SHA1, PKCS#1 v1.5, Base64, over
/// <c>previousSignature;YYYY-MM-DD;hh:mm:ss;nr;amountInclVat;amountExclVat</c> — Norwegian local time, amounts with two decimals and
/// a '.', negative for returns, "0" as the previous signature of a register's first transaction, no trailing ';'. Pure.
/// </summary>
public static class FiscalSignature
{
    /// <summary>The previous signature of a cash register's first transaction.</summary>
    public const string First = "0";

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The instant as Norwegian local date and time (the signature's and the export's date and time).</summary>
    public static DateTime NorwegianTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Oslo).DateTime;

    public static string Amount(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The exact string that is signed.</summary>
    public static string Build(string previousSignature, DateTimeOffset at, long nr, decimal amountInclVat, decimal amountExclVat)
    {
        ArgumentException.ThrowIfNullOrEmpty(previousSignature);
        var local = NorwegianTime(at);
        return string.Join(
            ';',
            previousSignature,
            local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            local.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            nr.ToString(CultureInfo.InvariantCulture),
            Amount(amountInclVat),
            Amount(amountExclVat));
    }

    /// <summary>Base64 of RSA PKCS#1 v1.5 over SHA-1 of the string's UTF-8 bytes.</summary>
    public static string Sign(RSA key, string signedString) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(signedString), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));

    public static bool Verify(RSA publicKey, string signedString, string signatureBase64)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }

        return publicKey.VerifyData(Encoding.UTF8.GetBytes(signedString), signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }
}
