using KioskRuntime.Devices;

namespace KioskRuntime.Printing.EscPos.Status;

/// <summary>
/// What the printer last said about itself, merged from DLE EOT replies and ASB frames. A null flag means "not reported yet".
/// Immutable.
/// </summary>
public readonly record struct PrinterStatus(
    bool? Offline,
    bool? CoverOpen,
    bool? PaperOut,
    bool? PaperNearEnd,
    bool? CutterError,
    bool? OtherError,
    bool? DrawerHigh)
{
    public static PrinterStatus None => default;

    /// <summary>True when the printer has answered anything at all.</summary>
    public bool HasAnswered => Offline.HasValue || CoverOpen.HasValue || PaperOut.HasValue || PaperNearEnd.HasValue || CutterError.HasValue || OtherError.HasValue;

    /// <summary>
    /// The condition, most specific cause first: paper out and cover open also make the printer offline, so they win over it;
    /// no answer at all is <see cref="PrinterCondition.Unknown"/>, never offline.
    /// </summary>
    public PrinterCondition Condition =>
        !HasAnswered ? PrinterCondition.Unknown
        : PaperOut == true ? PrinterCondition.PaperOut
        : CoverOpen == true ? PrinterCondition.CoverOpen
        : CutterError == true ? PrinterCondition.CutterError
        : Offline == true || OtherError == true ? PrinterCondition.Offline
        : PaperNearEnd == true ? PrinterCondition.PaperNearEnd
        : PrinterCondition.Ready;

    /// <summary>Ready or near end: a receipt can be printed.</summary>
    public bool CanPrint => Condition is PrinterCondition.Ready or PrinterCondition.PaperNearEnd;

    /// <summary>Applies a DLE EOT n reply (Epson bit assignments; the reply is valid when (b &amp; 0x93) == 0x12).</summary>
    public PrinterStatus WithRealTimeReply(int n, byte reply) => n switch
    {
        1 => this with { DrawerHigh = (reply & 0x04) != 0, Offline = (reply & 0x08) != 0 },
        2 => this with { CoverOpen = (reply & 0x04) != 0, PaperOut = (reply & 0x20) != 0 ? true : PaperOut, OtherError = (reply & 0x40) != 0 },
        3 => this with { CutterError = (reply & 0x08) != 0, OtherError = (reply & 0x60) != 0 },
        4 => this with { PaperNearEnd = (reply & 0x0C) != 0, PaperOut = (reply & 0x60) != 0 },
        _ => throw new ArgumentOutOfRangeException(nameof(n), n, "DLE EOT n is 1..4."),
    };

    /// <summary>
    /// Applies a Star automatic status frame (header 1, header 2, printer status 1…; at least 7 bytes), replacing every flag:
    /// status 1 bit 3 offline, bit 5 cover open, bit 2 drawer; status 2 bit 3 cutter error, bits 2, 5, 6 other errors; status 4
    /// bit 3 paper end, bits 1–2 near end. See <see cref="StarStatusReader"/> for the source.
    /// </summary>
    public PrinterStatus WithStarAsb(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 7 || !StarStatusReader.IsHeader(frame[0]) || StarStatusReader.FrameLength(frame[0]) != frame.Length)
        {
            throw new ArgumentException($"Not a Star automatic status frame: {Convert.ToHexString(frame)}.", nameof(frame));
        }

        return new PrinterStatus(
            Offline: (frame[2] & 0x08) != 0,
            CoverOpen: (frame[2] & 0x20) != 0,
            PaperOut: (frame[5] & 0x08) != 0,
            PaperNearEnd: (frame[5] & 0x06) != 0,
            CutterError: (frame[3] & 0x08) != 0,
            OtherError: (frame[3] & 0x64) != 0,
            DrawerHigh: (frame[2] & 0x04) != 0);
    }

    /// <summary>Applies a 4-byte Automatic Status Back frame.</summary>
    public PrinterStatus WithAsb(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != 4)
        {
            throw new ArgumentException($"An ASB frame is 4 bytes, got {frame.Length}.", nameof(frame));
        }

        return new PrinterStatus(
            Offline: (frame[0] & 0x08) != 0,
            CoverOpen: (frame[0] & 0x20) != 0,
            PaperOut: (frame[2] & 0x0C) != 0,
            PaperNearEnd: (frame[2] & 0x03) != 0,
            CutterError: (frame[1] & 0x08) != 0,
            OtherError: (frame[1] & 0x60) != 0,
            DrawerHigh: (frame[0] & 0x04) != 0);
    }
}
