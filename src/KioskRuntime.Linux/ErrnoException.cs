namespace KioskRuntime.Linux;

/// <summary>
/// A libc call failed with an errno this layer does not expect. Keeps the errno and names the call and its arguments:
/// <c>fdatasync(fd 7, "/var/lib/kiosk/journal-log.db") failed: EIO (5): Input/output error</c>.
/// </summary>
public sealed class ErrnoException : IOException
{
    /// <summary>Creates the exception for <paramref name="function"/> called with <paramref name="arguments"/>.</summary>
    public ErrnoException(string function, string arguments, int errno)
        : base($"{function}({arguments}) failed: {Linux.Errno.Describe(errno)}")
    {
        Function = function;
        Arguments = arguments;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The C function, e.g. <c>fdatasync</c>.</summary>
    public string Function { get; }

    /// <summary>Its arguments as shown in the message, e.g. <c>fd 7, "/var/lib/kiosk/journal-log.db"</c>.</summary>
    public string Arguments { get; }

    /// <summary>The errno, read once right after the call.</summary>
    public int Errno { get; }
}
