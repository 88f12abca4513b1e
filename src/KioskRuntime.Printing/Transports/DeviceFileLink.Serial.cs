using KioskRuntime.Linux;

namespace KioskRuntime.Printing.Transports;

internal sealed partial class DeviceFileLink
{
    /// <summary>Opens a serial port raw 8N1 (KioskRuntime.Linux <see cref="Termios"/>) at <paramref name="baudRate"/>, optionally with RTS/CTS flow control.</summary>
    public static IPrinterLink OpenSerial(string path, int baudRate, bool rtsCts)
    {
        _ = Termios.SpeedOf(baudRate); // an unsupported rate fails before the port is opened

        var handle = OpenHandle(path);
        try
        {
            Termios.MakeRaw(handle, baudRate, rtsCts);
            // Whatever the printer said before we opened it is stale.
            Termios.DiscardQueues(handle);
            return new DeviceFileLink(handle, path);
        }
        catch (ErrnoException e)
        {
            handle.Dispose();
            throw new PrinterLinkException($"{e.Function} on {path} failed: {Describe(e)}", e);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
