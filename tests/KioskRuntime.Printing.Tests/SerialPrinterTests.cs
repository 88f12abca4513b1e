using System.Runtime.InteropServices;
using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts.Norway;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

/// <summary>A serial printer on the master side of a pseudo-terminal, answering through <see cref="PrinterEmulator.Session"/>.</summary>
public sealed partial class SerialPrinterTests
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, [Out] byte[] buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, [In] byte[] buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static unsafe bool Readable(int fd, int timeoutMs)
    {
        var p = new PollFd { Fd = fd, Events = 1 };
        return poll(&p, 1, timeoutMs) > 0 && (p.Revents & 1) != 0;
    }

    [Fact]
    public async Task Serial_printer_prints_through_termios_raw_mode_and_is_confirmed()
    {
        var master = posix_openpt(0x2 | 0x100); // O_RDWR | O_NOCTTY
        Assert.True(master >= 0, $"posix_openpt errno={Marshal.GetLastPInvokeError()}");
        try
        {
            Assert.Equal(0, grantpt(master));
            Assert.Equal(0, unlockpt(master));
            var name = new byte[128];
            Assert.Equal(0, ptsname_r(master, name, (nuint)name.Length));
            var slave = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));

            await using var emulator = new PrinterEmulator();
            var session = new PrinterEmulator.Session(emulator);
            using var stop = new CancellationTokenSource();
            var printerSide = Task.Run(() =>
            {
                var buffer = new byte[4096];
                while (!stop.IsCancellationRequested)
                {
                    if (!Readable(master, 50))
                    {
                        continue;
                    }

                    var n = (int)read(master, buffer, (nuint)buffer.Length);
                    if (n <= 0)
                    {
                        continue;
                    }

                    var replies = session.Process(buffer.AsSpan(0, n));
                    if (replies.Length > 0)
                    {
                        write(master, replies, (nuint)replies.Length);
                    }
                }
            });

            var printer = new SerialPrinter("receipt", new SerialPrinterOptions
            {
                DevicePath = slave, BaudRate = 115200, RtsCts = false,
                Timing = new PrinterHostOptions { StatusTimeout = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromMilliseconds(200), FenceTimeout = TimeSpan.FromSeconds(10) },
            }, PrinterCapabilities.EpsonTmT88V, TimeProvider.System);
            var loop = printer.RunAsync(stop.Token);
            for (var i = 0; i < 200 && printer.Condition != PrinterCondition.Ready; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(PrinterCondition.Ready, printer.Condition);
            Assert.Equal("serial", printer.Driver);
            // Every byte value must pass unchanged (raw mode: no CR/LF translation, no XON/XOFF eating 0x11/0x13).
            var job = ReceiptPrinting.Encode(SampleReceipts.Sale(), PrinterCapabilities.EpsonTmT88V, SampleReceipts.Logo());
            var result = await printer.PrintAsync(new PrintJob("s-1", job, "sale"), CancellationToken.None);
            Assert.Equal(PrintOutcome.Printed, result.Outcome);
            Assert.Equal(1, emulator.Printed);
            Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, job));

            await stop.CancelAsync();
            await loop;
            await printerSide;
            Assert.Equal(DeviceState.Stopped, printer.Status.State);
        }
        finally
        {
            close(master);
        }
    }

    [Fact]
    public void Bad_serial_options_name_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new SerialPrinterOptions { DevicePath = "/dev/ttyUSB0", BaudRate = 1234 }.Validate());
        Assert.Contains("BaudRate", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new SerialPrinterOptions { DevicePath = "ttyUSB0" }.Validate());
        Assert.Contains("DevicePath", e.Message, StringComparison.Ordinal);
    }
}
