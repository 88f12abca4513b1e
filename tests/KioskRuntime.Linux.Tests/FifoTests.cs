namespace KioskRuntime.Linux.Tests;

public sealed class FifoTests
{
    [Fact]
    public void Create_reports_an_existing_fifo_and_waking_needs_a_reader()
    {
        using var dir = new TempDirectory();
        var path = dir.File("scanner.fifo");

        Assert.True(Fifo.Create(path, 0x180));
        Assert.False(Fifo.Create(path, 0x180));
        Assert.False(Fifo.TryWakeReader(path)); // no reader: ENXIO, never blocks
        Assert.False(Fifo.TryWakeReader(dir.File("gone.fifo")));

        using var reader = FileDescriptor.Open(path, OpenFlags.ReadOnly | OpenFlags.NonBlocking);
        Assert.True(Fifo.TryWakeReader(path));
        var buffer = new byte[4];
        Assert.True(reader.TryRead(buffer, out var count));
        Assert.Equal("\n"u8.ToArray(), buffer[..count]);
    }

    [Fact]
    public void RealPath_resolves_links_and_returns_null_for_missing_paths()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("real"));
        File.CreateSymbolicLink(dir.File("link"), "real");

        Assert.Equal(Path.Combine(RealPath.Resolve(dir.Path)!, "real"), RealPath.Resolve(dir.File("link")));
        Assert.Null(RealPath.Resolve(dir.File("missing/x")));
    }
}
