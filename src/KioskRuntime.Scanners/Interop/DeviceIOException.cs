namespace KioskRuntime.Scanners.Interop;

/// <summary>A syscall on a device node failed. Keeps the errno and names the call and its arguments.</summary>
internal sealed class DeviceIOException : IOException
{
    public DeviceIOException(string call, int errno)
        : base($"Error while calling {call}: errno={errno} ({Interop.Errno.Name(errno)}).") => Errno = errno;

    /// <summary>The errno the call failed with.</summary>
    public int Errno { get; }

    /// <summary>True when the errno means the device is gone (ENODEV, EIO, ENXIO, ENOENT).</summary>
    public bool DeviceGone => Interop.Errno.MeansGone(Errno);
}
