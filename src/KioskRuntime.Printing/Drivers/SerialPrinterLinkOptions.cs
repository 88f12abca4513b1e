using System.ComponentModel.DataAnnotations;

namespace KioskRuntime.Printing.Drivers;

/// <summary>Options of the <c>serial</c> printer driver: those of <see cref="PrinterLinkOptions"/>, the baud rate and flow control. Immutable.</summary>
internal sealed record SerialPrinterLinkOptions : PrinterLinkOptions
{
    [Range(1200, 921600)]
    public int BaudRate { get; init; } = 9600;

    /// <summary>RTS/CTS hardware flow control (on unless the profile says <c>false</c>).</summary>
    public bool RtsCts { get; init; } = true;
}
