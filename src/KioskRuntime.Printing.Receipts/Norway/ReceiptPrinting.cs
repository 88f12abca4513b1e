using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>Compose and encode in one call: what kioskd does for every receipt. Stateless.</summary>
internal static class ReceiptPrinting
{
    /// <summary>Lays out <paramref name="receipt"/> for <paramref name="profile"/> (its columns, QR or CODE128) and encodes it.</summary>
    /// <exception cref="ReceiptDataException">The receipt data is invalid; the field is named.</exception>
    public static byte[] Encode(ReceiptData receipt, PrinterCapabilities profile, GrayImage? logo = null, EscPosEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var format = ReceiptFormat.For(profile) with { Logo = logo };
        return new EscPosEncoder(options).Encode(NorwegianReceiptLayout.Compose(receipt, format), profile);
    }
}
