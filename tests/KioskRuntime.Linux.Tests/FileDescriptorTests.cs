using System.Diagnostics;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux.Tests;

public sealed class FileDescriptorTests
{
    [Fact]
    public void Fd_0_is_a_valid_descriptor_and_minus_1_is_not()
    {
        var stdin = new FileDescriptor(0, "stdin");
        try
        {
            Assert.False(stdin.IsInvalid);
            Assert.False(stdin.IsClosed);
        }
        finally
        {
            stdin.SetHandleAsInvalid(); // the test host's stdin is not ours to close
        }

        using var none = new FileDescriptor(-1, "none");
        Assert.True(none.IsInvalid);
    }

    [Fact]
    public void A_failed_call_names_the_call_its_arguments_and_the_errno()
    {
        using var pipe = Pipe.Create(nonBlocking: false);
        var fd = (int)pipe.Read.DangerousGetHandle();

        var e = Assert.Throws<ErrnoException>(pipe.Read.Sync); // fsync(2) on a pipe: EINVAL

        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("fsync", e.Function);
        Assert.Equal($"fd {fd}, \"pipe:read\"", e.Arguments);
        Assert.StartsWith($"fsync(fd {fd}, \"pipe:read\") failed: EINVAL (22)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_of_a_missing_file_is_ENOENT_naming_the_path()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("missing");

        var e = Assert.Throws<ErrnoException>(() => FileDescriptor.Open(missing, OpenFlags.ReadOnly));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("open", e.Function);
        Assert.Contains($"\"{missing}\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("ENOENT (2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EAGAIN_on_a_non_blocking_pipe_is_a_return_value_not_an_exception()
    {
        using var pipe = Pipe.Create(nonBlocking: true);
        var buffer = new byte[16];

        Assert.False(pipe.Read.TryRead(buffer, out var none));
        Assert.Equal(0, none);

        var chunk = new byte[4096];
        long total = 0;
        while (pipe.Write.TryWrite(chunk, out var written))
        {
            total += written;
            Assert.True(total < 16 * 1024 * 1024, "the pipe never filled");
        }

        Assert.True(total >= 4096);
        Assert.True(pipe.Read.TryRead(buffer, out var got));
        Assert.Equal(buffer.Length, got);
    }

    [Fact]
    public void End_of_file_reads_zero()
    {
        using var pipe = Pipe.Create(nonBlocking: true);
        pipe.Write.Dispose();
        Assert.True(pipe.Read.TryRead(new byte[8], out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_poll_interrupted_by_a_signal_is_restarted_not_thrown()
    {
        // poll(2) is never restarted by the kernel (not even with SA_RESTART): a handled signal makes it fail with EINTR.
        using var handler = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, c => c.Cancel = true);
        using var pipe = Pipe.Create(nonBlocking: true);
        var tid = 0;
        var ready = new ManualResetEventSlim();
        PollEvents result = PollEvents.In;
        Exception? error = null;
        var elapsed = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            tid = int.Parse(new FileInfo("/proc/thread-self").LinkTarget!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
            ready.Set();
            var watch = Stopwatch.StartNew();
            try
            {
                result = pipe.Read.Poll(PollEvents.In, 1500);
            }
            catch (Exception e)
            {
                error = e;
            }

            elapsed = watch.Elapsed;
        });
        thread.Start();
        ready.Wait();
        WaitUntilSleeping(tid);
        Thread.Sleep(300);
        Assert.Equal(0, LibC.tgkill(Environment.ProcessId, tid, LibC.SIGWINCH));
        thread.Join();

        Assert.Null(error);
        Assert.Equal(PollEvents.None, result);
        // restarted with the full timeout after the interruption: longer than one timeout
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(1500 + 200), $"poll returned after {elapsed.TotalMilliseconds} ms: not interrupted, or not restarted");
    }

    [Fact]
    public void Positional_io_truncate_length_and_checked_syncs_on_a_real_file()
    {
        using var dir = new TempDirectory();
        using var file = FileDescriptor.Open(dir.File("data"), OpenFlags.ReadWrite | OpenFlags.Create);
        file.WriteAt(10, "hello"u8);
        file.DataSync();
        file.Sync();
        Assert.Equal(15, file.GetLength());

        var buffer = new byte[32];
        Assert.Equal(15, file.ReadAt(0, buffer));
        Assert.Equal("hello"u8.ToArray(), buffer[10..15]);

        file.Truncate(12);
        Assert.Equal(12, file.GetLength());
        Assert.Equal(2, file.ReadAt(10, buffer));
    }

    [Fact]
    public void A_second_open_file_description_cannot_take_an_exclusive_lock()
    {
        using var dir = new TempDirectory();
        using var first = FileDescriptor.Open(dir.File("lock"), OpenFlags.ReadWrite | OpenFlags.Create);
        using var second = FileDescriptor.Open(dir.File("lock"), OpenFlags.ReadWrite);

        Assert.True(first.TryLock(exclusive: true));
        Assert.False(second.TryLock(exclusive: true));
        Assert.False(second.TryLock(exclusive: false));
        first.Dispose();
        Assert.True(second.TryLock(exclusive: true));
    }

    [Fact]
    public unsafe void A_device_ioctl_on_a_pipe_returns_ENOTTY()
    {
        using var pipe = Pipe.Create(nonBlocking: true);
        int size = 0;
        Assert.False(pipe.Read.TryIoctl(IoctlRequest.IOR('H', 0x01, sizeof(int)), &size, out var errno));
        Assert.Equal(Errno.ENOTTY, errno);
    }

    [Fact]
    public void Ioctl_numbers_match_the_kernel_headers()
    {
        Assert.Equal((nuint)0x80044801, IoctlRequest.IOR('H', 0x01, 4));     // HIDIOCGRDESCSIZE
        Assert.Equal((nuint)0x90044802, IoctlRequest.IOR('H', 0x02, 4100));  // HIDIOCGRDESC
        Assert.Equal((nuint)0x40044590, IoctlRequest.IOW('E', 0x90, 4));     // EVIOCGRAB
        Assert.Equal((nuint)0x84005001, IoctlRequest.IOR('P', 1, 1024));     // LPIOC_GET_DEVICE_ID(1024)
    }

    private static void WaitUntilSleeping(int tid)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.ElapsedMilliseconds < 5000)
        {
            var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('S'))
            {
                return;
            }

            Thread.Sleep(5);
        }
    }
}
