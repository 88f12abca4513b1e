namespace KioskRuntime.Printing;

/// <summary>
/// One-call previews of an ESC/POS job for a printer profile: decode the bytes (with the profile's dialect) and render them
/// as text, HTML or PNG at the profile's columns and paper width. Stateless.
/// </summary>
public static class ReceiptPreview
{
    public static DecodedDocument Decode(ReadOnlySpan<byte> job, PrinterCapabilities profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return EscPosDecoder.Decode(job, profile.Dialect);
    }

    /// <summary>What the simulated printer writes as <c>&lt;job&gt;.txt</c>.</summary>
    public static string Text(ReadOnlySpan<byte> job, PrinterCapabilities profile) =>
        ReceiptTextRenderer.Render(Decode(job, profile), profile.Columns);

    public static string Html(ReadOnlySpan<byte> job, PrinterCapabilities profile, string title = "Receipt") =>
        ReceiptHtmlRenderer.Render(Decode(job, profile), profile.Columns, title);

    public static byte[] Png(ReadOnlySpan<byte> job, PrinterCapabilities profile) =>
        ReceiptPngRenderer.Render(Decode(job, profile), profile.PaperWidthDots);
}

/// <summary>Compose and encode in one call: what kioskd does for every receipt. Stateless.</summary>
public static class ReceiptPrinting
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
