namespace KioskRuntime.Linux.Tests;

public sealed class DurableFileTests
{
    [Fact]
    public void Replace_writes_the_exact_content_and_leaves_no_temp_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ledger.json");

        DurableFile.Replace(path, "{\"a\":\"first, longer content\"}"u8);
        DurableFile.Replace(path, "{\"b\":2}"u8);

        Assert.Equal("{\"b\":2}"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(["ledger.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_in_a_missing_directory_names_the_temp_file()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "missing", "x.json");

        var e = Assert.Throws<ErrnoException>(() => DurableFile.Replace(path, "x"u8));

        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains(path + ".tmp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_is_fsynced_and_a_file_is_refused_as_one()
    {
        using var dir = new TempDirectory();
        DurableFile.SyncDirectory(dir.Path);

        File.WriteAllText(dir.File("plain"), "x");
        // O_DIRECTORY is architecture-specific (x86-64 0x10000, arm64 0x4000): the right value makes a plain file ENOTDIR.
        var e = Assert.Throws<ErrnoException>(() => DurableFile.SyncDirectory(dir.File("plain")));
        Assert.Equal(Errno.ENOTDIR, e.Errno);
    }

    [Fact]
    public void Rename_replaces_the_target()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a"), "new");
        File.WriteAllText(dir.File("b"), "old");

        DurableFile.Rename(dir.File("a"), dir.File("b"));

        Assert.False(File.Exists(dir.File("a")));
        Assert.Equal("new", File.ReadAllText(dir.File("b")));
    }

    [Fact]
    public void Available_bytes_are_those_statvfs_reports()
    {
        using var dir = new TempDirectory();
        var available = FileSystemSpace.AvailableBytes(dir.Path);
        var drive = new DriveInfo(dir.Path);
        Assert.True(available > 0);
        Assert.True(available <= drive.TotalSize, $"{available} > total {drive.TotalSize}");
    }
}
