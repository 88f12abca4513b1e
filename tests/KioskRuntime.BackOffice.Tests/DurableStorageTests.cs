using KioskRuntime.BackOffice.Catalog;
using KioskRuntime.BackOffice.Storage;
using Microsoft.Win32.SafeHandles;

namespace KioskRuntime.BackOffice.Tests;

public sealed class DurableStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiosk-backoffice-tests", Guid.NewGuid().ToString("N"));

    public DurableStorageTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Log_page_marked_confirmed_is_synced_before_and_after_it_is_written()
    {
        var sync = new CountingSync();
        using var log = DurableFileStream.Open(Path.Combine(_dir, "x-log.db"), isLog: true, sync);
        var pages = new byte[DurableFileStream.PageSize * 3];

        log.Write(pages, 0, pages.Length);
        Assert.Equal(0, sync.Syncs);

        pages[(DurableFileStream.PageSize * 2) + DurableFileStream.ConfirmedByteOffset] = 1;
        log.Write(pages, 0, pages.Length);
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public void Data_file_is_synced_on_flush_and_set_length_not_on_write()
    {
        var sync = new CountingSync();
        using var data = DurableFileStream.Open(Path.Combine(_dir, "x.db"), isLog: false, sync);
        var page = new byte[DurableFileStream.PageSize];
        page[DurableFileStream.ConfirmedByteOffset] = 1;

        data.Write(page, 0, page.Length);
        Assert.Equal(0, sync.Syncs);
        data.Flush();
        data.SetLength(0);
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public void Every_committed_transaction_is_synced_and_a_new_file_syncs_its_directory()
    {
        var sync = new CountingSync();
        using var store = new BackOfficeStore(Path.Combine(_dir, "bo.db"), sync);
        Assert.Equal(1, sync.DirectorySyncs);

        var before = sync.Syncs;
        store.SeedIfNeverSeeded(DemoCatalog.Products());

        Assert.True(sync.Syncs >= before + 2, $"expected a sync before and after the confirm page, saw {sync.Syncs - before}");
    }

    [Fact]
    public void Failed_fsync_fails_the_commit_instead_of_acknowledging_it()
    {
        var sync = new CountingSync();
        var path = Path.Combine(_dir, "bo.db");
        var store = new BackOfficeStore(path, sync);
        sync.Fail = true;

        Assert.Throws<IOException>(() => store.SeedIfNeverSeeded(DemoCatalog.Products()));

        sync.Fail = false;
        Assert.NotNull(store.Failure);
        var refused = Assert.Throws<IOException>(() => store.InTransaction(() => store.BumpCatalogVersion()));
        Assert.Contains("until restarted", refused.Message, StringComparison.Ordinal);

        store.Dispose();
        using var reopened = new BackOfficeStore(path);
        Assert.Equal(0, reopened.GetCatalogVersion()); // the failed commit never got its confirm page
        Assert.True(reopened.SeedIfNeverSeeded(DemoCatalog.Products()));
    }

    [Fact]
    public void Second_store_on_the_same_file_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(_dir, "bo.db");
        using var first = new BackOfficeStore(path);

        var ex = Assert.Throws<IOException>(() => new BackOfficeStore(path));

        Assert.Contains("another kiosk-backoffice", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CountingSync : IFileSync
    {
        public int Syncs { get; private set; }

        public int DirectorySyncs { get; private set; }

        public bool Fail { get; set; }

        public void Sync(SafeFileHandle handle, string path)
        {
            if (Fail)
            {
                throw new IOException($"injected fsync failure on {path}");
            }

            Syncs++;
        }

        public void SyncDirectory(string directory) => DirectorySyncs++;
    }
}
