using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux.Tests;

/// <summary>A pipe2(2) pair for the tests, both ends owned by <see cref="FileDescriptor"/>s.</summary>
internal sealed unsafe class Pipe : IDisposable
{
    private Pipe(FileDescriptor read, FileDescriptor write)
    {
        Read = read;
        Write = write;
    }

    public FileDescriptor Read { get; }

    public FileDescriptor Write { get; }

    public static Pipe Create(bool nonBlocking)
    {
        int* fds = stackalloc int[2];
        var flags = LibC.O_CLOEXEC | (nonBlocking ? LibC.O_NONBLOCK : 0);
        Assert.True(LibC.pipe2(fds, flags) == 0, $"pipe2: errno {Marshal.GetLastPInvokeError()}");
        return new Pipe(new FileDescriptor(fds[0], "pipe:read"), new FileDescriptor(fds[1], "pipe:write"));
    }

    public void Dispose()
    {
        Read.Dispose();
        Write.Dispose();
    }
}
