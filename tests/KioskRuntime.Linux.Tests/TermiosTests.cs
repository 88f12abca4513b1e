using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux.Tests;

/// <summary>The one baud table and raw mode, on a real pseudo-terminal.</summary>
public sealed class TermiosTests
{
    public static TheoryData<int> Bauds() => [.. Termios.SupportedBaudRates];

    [Theory]
    [MemberData(nameof(Bauds))]
    public void Raw_mode_sets_the_speed_8N1_and_no_line_discipline_and_reads_back(int baud)
    {
        using var pty = PseudoTerminal.Open();
        using var line = FileDescriptor.Open(pty.SlavePath, OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal | OpenFlags.NonBlocking);

        Termios.MakeRaw(line, baud, rtsCts: true);
        var s = Termios.Read(line);

        Assert.Equal(baud, Termios.BaudOf(s.InputSpeed));
        Assert.Equal(baud, Termios.BaudOf(s.OutputSpeed));
        Assert.Equal(0u, s.Lflag & (LibC.ICANON | LibC.ECHO | LibC.ISIG | LibC.IEXTEN));
        Assert.Equal(LibC.CS8, s.Cflag & LibC.CSIZE);
        Assert.Equal(0u, s.Cflag & (LibC.PARENB | LibC.CSTOPB));
        Assert.Equal(LibC.CREAD | LibC.CLOCAL, s.Cflag & (LibC.CREAD | LibC.CLOCAL));
        Assert.Equal(LibC.CRTSCTS, s.Cflag & LibC.CRTSCTS);
    }

    [Fact]
    public void Flow_control_is_switched_off_or_left_alone()
    {
        using var pty = PseudoTerminal.Open();
        using var line = FileDescriptor.Open(pty.SlavePath, OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal);

        Termios.MakeRaw(line, 9600, rtsCts: true);
        Termios.MakeRaw(line, 19200);
        Assert.Equal(LibC.CRTSCTS, Termios.Read(line).Cflag & LibC.CRTSCTS);

        Termios.MakeRaw(line, 19200, rtsCts: false);
        Assert.Equal(0u, Termios.Read(line).Cflag & LibC.CRTSCTS);
        Termios.DiscardQueues(line);
    }

    [Fact]
    public void Bytes_pass_unchanged_through_a_raw_line()
    {
        using var pty = PseudoTerminal.Open();
        using var line = FileDescriptor.Open(pty.SlavePath, OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal | OpenFlags.NonBlocking);
        Termios.MakeRaw(line, 115200);

        byte[] sent = [0x02, (byte)'1', 0x03, 0x0D, 0x7F, 0x00, 0x11];
        Assert.True(pty.Master.TryWrite(sent, out var written));
        Assert.Equal(sent.Length, written);
        Assert.Equal(PollEvents.In, line.Poll(PollEvents.In, 2000) & PollEvents.In);
        var got = new byte[32];
        Assert.True(line.TryRead(got, out var count));
        Assert.Equal(sent, got[..count]);
    }

    [Fact]
    public void A_fifo_is_not_a_terminal()
    {
        using var dir = new TempDirectory();
        var path = dir.File("fifo");
        Assert.True(Fifo.Create(path, 0x180));
        using var fifo = FileDescriptor.Open(path, OpenFlags.ReadWrite | OpenFlags.NonBlocking);

        var e = Assert.Throws<ErrnoException>(() => Termios.MakeRaw(fifo, 9600));

        Assert.Equal(Errno.ENOTTY, e.Errno);
        Assert.Equal("tcgetattr", e.Function);
    }

    [Fact]
    public void An_unsupported_baud_rate_is_refused_before_any_call()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Termios.SpeedOf(1234));
        Assert.Null(Termios.BaudOf(0x1005));
        Assert.Equal(0x1002u, Termios.SpeedOf(115200));
    }

    [Fact]
    public unsafe void Libc_writes_exactly_the_60_byte_struct_termios_of_this_architecture()
    {
        using var pty = PseudoTerminal.Open();
        using var line = FileDescriptor.Open(pty.SlavePath, OpenFlags.ReadWrite | OpenFlags.NoControllingTerminal);
        byte* buf = stackalloc byte[256];
        new Span<byte>(buf, 256).Fill(0xAA);
        var added = false;
        line.DangerousAddRef(ref added);
        try
        {
            Assert.Equal(0, LibC.tcgetattr((int)line.DangerousGetHandle(), buf));
        }
        finally
        {
            line.DangerousRelease();
        }

        Assert.True(new Span<byte>(buf + LibC.TermiosSize, 256 - LibC.TermiosSize).IndexOfAnyExcept((byte)0xAA) < 0, "libc wrote past 60 bytes");
        Assert.NotEqual(0xAAAAAAAAu, *(uint*)(buf + 56)); // c_ospeed, the last field, was written
        Assert.Equal(LibC.cfgetospeed(buf), *(uint*)(buf + 56));
    }
}
