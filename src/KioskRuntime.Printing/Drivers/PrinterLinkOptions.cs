using System.ComponentModel.DataAnnotations;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Drivers;

/// <summary>Options of the <c>tcp9100</c> and <c>usblp</c> printer drivers: the layout and the transport's timing. Immutable.</summary>
internal record PrinterLinkOptions : PrinterLayoutOptions
{
    /// <summary>For printers that never answer status: report Printed once every byte was written (see <see cref="PrinterHostOptions"/>).</summary>
    public bool TrustWritesWithoutStatus { get; init; }

    /// <summary>Send jobs in pieces of this many bytes (0 = no pacing).</summary>
    [Range(0, 1 << 20)]
    public int PacingChunkBytes { get; init; }

    /// <summary>The transport's timing.</summary>
    public PrinterHostOptions Timing => new() { TrustWritesWithoutStatus = TrustWritesWithoutStatus, PacingChunkBytes = PacingChunkBytes };
}
