using System.Diagnostics;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

public sealed class UsbLpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("usblp-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MakeFifo()
    {
        var path = Path.Combine(_dir, "lp0");
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    [Fact]
    public async Task Link_writes_and_reads_with_poll_timeouts()
    {
        // A FIFO opened O_RDWR reads back what was written: enough to exercise open/poll/write/read without hardware.
        using var link = DeviceFileLink.Open(MakeFifo());
        var nothing = await link.ReadAsync(new byte[16], TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.Equal(0, nothing);
        await link.WriteAsync(new byte[] { 0x10, 0x04, 0x01 }, TimeSpan.FromSeconds(2), CancellationToken.None);
        var buffer = new byte[16];
        var read = await link.ReadAsync(buffer, TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal(new byte[] { 0x10, 0x04, 0x01 }, buffer[..read]);
    }

    [Fact]
    public void Open_failure_names_the_path_and_errno()
    {
        var e = Assert.Throws<PrinterLinkException>(() => DeviceFileLink.Open(Path.Combine(_dir, "missing")));
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("errno=2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_id_ioctl_on_a_non_printer_says_why()
    {
        Assert.False(UsbLpPrinter.TryReadDeviceId(MakeFifo(), out var id, out var error));
        Assert.Null(id);
        Assert.Contains("LPIOC_GET_DEVICE_ID", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MFG:EPSON;CMD:ESC/POS;MDL:TM-T88V;CLS:PRINTER;", "epson-tm-t88v")]
    [InlineData("MFG:EPSON;CMD:ESC/POS;MDL:TM-T88VI;CLS:PRINTER;", "epson-tm-t88vi")]
    [InlineData("MANUFACTURER:EPSON;COMMAND SET:ESC/POS;MODEL:TM-T20III;", "epson-tm-t20iii")]
    [InlineData("MFG:STAR;CMD:STAR;MDL:TSP143IIIU;CLS:PRINTER;", "star-tsp143")]
    [InlineData("MFG:Printer;MDL:POS58;CMD:ESC/POS;", "generic-58mm")]
    [InlineData("MFG:Acme;MDL:Receipt 3000;CMD:ESC/POS;", "default")]
    [InlineData("MFG:HP;MDL:LaserJet;CMD:PCL;", null)]
    public void Device_id_suggests_a_profile(string text, string? profile)
    {
        Assert.Equal(profile, Ieee1284DeviceId.Parse(text).SuggestProfile());
        if (profile is not null)
        {
            Assert.True(PrinterCapabilities.TryGet(profile, out _));
        }
    }

    [Fact]
    public void Ioctl_buffer_has_a_big_endian_length_that_counts_itself()
    {
        var text = "MFG:EPSON;MDL:TM-T88V;"u8.ToArray();
        var buffer = new byte[64];
        buffer[0] = 0;
        buffer[1] = (byte)(text.Length + 2);
        text.CopyTo(buffer, 2);
        Assert.True(Ieee1284DeviceId.TryParseIoctlBuffer(buffer, out var id));
        Assert.Equal("EPSON", id!.Manufacturer);
        Assert.Equal("TM-T88V", id.Model);
        Assert.False(Ieee1284DeviceId.TryParseIoctlBuffer([0xFF, 0xFF, 0x41], out _));
    }
}
