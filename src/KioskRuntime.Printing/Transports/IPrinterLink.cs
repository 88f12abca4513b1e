namespace KioskRuntime.Printing.Transports;

/// <summary>
/// A connected byte pipe to a printer (a TCP socket, a usblp fd, a serial port). Reads return what is there within the
/// timeout (0 bytes on timeout); a closed or broken link throws <see cref="PrinterLinkException"/>.
/// </summary>
internal interface IPrinterLink : IDisposable
{
    /// <summary>Writes everything or throws; a timeout throws too (the bytes may be partly sent).</summary>
    Task WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Reads what arrives within <paramref name="timeout"/>; 0 = nothing arrived.</summary>
    Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>The link to the printer failed (closed, reset, timed out on write).</summary>
internal sealed class PrinterLinkException : IOException
{
    public PrinterLinkException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
