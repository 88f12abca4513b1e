using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.EscPos.Rendering;

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
