using System.Globalization;
using KioskRuntime.BackOffice.Catalog;
using KioskRuntime.BackOffice.Storage;
using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>The SQLite store: what a push stores reads back the same after a restart; the file is durable, exclusive and versioned.</summary>
public sealed class StorageTests : IDisposable
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 27, 9, 15, 2, 123, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiosk-backoffice-tests", Guid.NewGuid().ToString("N"));

    public StorageTests() => Directory.CreateDirectory(_dir);

    private string DataPath => Path.Combine(_dir, "bo.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Events_read_back_field_for_field_in_seq_order_across_transactions_and_a_restart()
    {
        var odd = new StoredEvent("k1", 6, null, null, null, EventStatus.Invalid, "payload: missing", ReceivedAt.AddTicks(1), "{ \"seq\": 6,  \"note\": \"blåbær ≥ 2\" }"u8.ToArray());
        using (var store = new BackOfficeStore(DataPath))
        {
            Push(store, "k1", 1, 3);
            Push(store, "k1", 4, 5);
            store.InTransaction(() =>
            {
                store.Append(odd, acceptedId: null, acceptedReturnOf: null);
                return true;
            });
            Push(store, "k2", 1, 2);
        }

        using var reopened = new BackOfficeStore(DataPath);

        Assert.Equal([2L, 3, 4, 5, 6], reopened.GetEvents("k1", 2, 10).Select(e => e.Seq));
        Assert.Equal([1L, 2], reopened.GetEvents("k1", 1, 2).Select(e => e.Seq));
        Assert.Empty(reopened.GetEvents("k1", 7, 10));
        Assert.Equal(Stored("k1", 4, EventStatus.Accepted), reopened.GetEvent("k1", 4));
        Assert.Equal(odd, reopened.GetEvent("k1", 6)); // nulls, the status, the tick and the raw bytes as they were
        Assert.Null(reopened.GetEvent("k1", 7));
        Assert.Equal(new EventLocation("k2", 2), reopened.FindByEventId(Id("k2", 2)));
    }

    [Fact]
    public void Only_accepted_ids_are_found_and_returns_are_found_by_their_sale()
    {
        using var store = new BackOfficeStore(DataPath);
        var sale = Id("k1", 2);
        store.InTransaction(() =>
        {
            store.Append(Stored("k1", 1, EventStatus.Rejected, reason: "no"), acceptedId: null, acceptedReturnOf: null);
            store.Append(Stored("k1", 2, EventStatus.Accepted), sale, acceptedReturnOf: null);
            store.Append(Stored("k1", 3, EventStatus.Accepted), Id("k1", 3), acceptedReturnOf: sale);
            store.Append(Stored("k1", 4, EventStatus.Rejected), acceptedId: null, acceptedReturnOf: null);
            return true;
        });

        Assert.Null(store.FindByEventId(Id("k1", 1)));
        Assert.Equal(new EventLocation("k1", 2), store.FindByEventId(sale));
        Assert.Equal([3L], store.FindAcceptedReturnsOf(sale).Select(e => e.Seq));
        Assert.Empty(store.FindAcceptedReturnsOf(Id("k1", 3)));
    }

    [Fact]
    public void The_database_refuses_a_second_event_under_a_seq_and_a_second_accepted_event_with_an_id()
    {
        using var store = new BackOfficeStore(DataPath);
        Push(store, "k1", 1, 1);

        var sameSeq = Assert.Throws<SqliteException>(() => store.InTransaction(() =>
            store.Append(Stored("k1", 1, EventStatus.Rejected, reason: "again"), acceptedId: null, acceptedReturnOf: null)));
        var sameIdStored = store.InTransaction(() =>
            store.Append(Stored("k2", 1, EventStatus.Accepted), Id("k1", 1), acceptedReturnOf: null));

        Assert.Contains("UNIQUE", sameSeq.Message, StringComparison.Ordinal);
        Assert.False(sameIdStored);
        Assert.Null(store.GetEvent("k2", 1));
        Assert.Equal(new EventLocation("k1", 1), store.FindByEventId(Id("k1", 1)));
        Assert.Null(store.Failure); // a refused statement is not a disk failure
        Assert.True(store.InTransaction(() => store.Append(Stored("k2", 1, EventStatus.Rejected, reason: "id taken"), null, null)));
    }

    [Fact]
    public void Events_of_a_transaction_that_fails_are_neither_stored_nor_found()
    {
        using var store = new BackOfficeStore(DataPath);

        Assert.Throws<InvalidOperationException>(() => store.InTransaction<bool>(() =>
        {
            store.Append(Stored("k1", 1, EventStatus.Accepted), Id("k1", 1), acceptedReturnOf: null);
            store.SetHead(new KioskHead("k1", 1, "x"));
            Assert.Equal(new EventLocation("k1", 1), store.FindByEventId(Id("k1", 1))); // seen inside its transaction
            throw new InvalidOperationException("the batch failed");
        }));

        Assert.Null(store.FindByEventId(Id("k1", 1)));
        Assert.Null(store.GetEvent("k1", 1));
        Assert.Equal(KioskHead.Empty("k1"), store.GetHead("k1"));
        Push(store, "k1", 1, 1); // and seq 1 can still be stored
        Assert.Single(store.GetEvents("k1", 1, 10));
    }

    [Fact]
    public void Writes_outside_a_transaction_are_refused()
    {
        using var store = new BackOfficeStore(DataPath);

        Assert.Throws<InvalidOperationException>(() => store.Append(Stored("k1", 1, EventStatus.Accepted), null, null));
        Assert.Throws<InvalidOperationException>(() => store.SetHead(new KioskHead("k1", 1, "x")));
        Assert.Throws<InvalidOperationException>(() => store.Catalog.BumpCatalogVersion());
    }

    [Fact]
    public void The_file_is_in_wal_mode_with_full_sync_and_held_exclusively()
    {
        using var store = new BackOfficeStore(DataPath);

        Assert.Equal("wal", store.Pragma("journal_mode"));
        Assert.Equal("2", store.Pragma("synchronous")); // FULL: the WAL is fsynced at every commit
        Assert.Equal("exclusive", store.Pragma("locking_mode"));
        Assert.Equal(Schema.Version.ToString(CultureInfo.InvariantCulture), store.Pragma("user_version"));
    }

    [Fact]
    public void A_failed_write_is_not_acknowledged_and_the_store_refuses_writes_until_restarted()
    {
        var big = new byte[256 * 1024]; // needs more pages than the "disk" has left
        Array.Fill(big, (byte)' ');
        big[0] = (byte)'{';
        big[^1] = (byte)'}';
        var store = new BackOfficeStore(DataPath, c =>
        {
            using var limit = c.CreateCommand();
            limit.CommandText = "PRAGMA max_page_count = 32";
            limit.ExecuteNonQuery();
        });

        var failed = Assert.Throws<IOException>(() => store.InTransaction(() =>
        {
            store.Append(Stored("k1", 1, EventStatus.Accepted) with { RawJson = big }, Id("k1", 1), acceptedReturnOf: null);
            return true;
        }));

        Assert.Contains("full", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(store.Failure);
        var refused = Assert.Throws<IOException>(() => store.InTransaction(() => store.Catalog.BumpCatalogVersion()));
        Assert.Contains("until restarted", refused.Message, StringComparison.Ordinal);

        store.Dispose();
        using var reopened = new BackOfficeStore(DataPath);
        Assert.Null(reopened.GetEvent("k1", 1));
        Assert.Equal(0, reopened.Catalog.GetCatalogVersion());
        Assert.True(reopened.Catalog.SeedIfNeverSeeded(DemoCatalog.Products()));
    }

    [Fact]
    public void Second_store_on_the_same_file_is_refused_with_a_clear_message()
    {
        using var first = new BackOfficeStore(DataPath);

        var ex = Assert.Throws<IOException>(() => new BackOfficeStore(DataPath));

        Assert.Contains("another kiosk-backoffice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_from_a_newer_back_office_is_refused()
    {
        using (var store = new BackOfficeStore(DataPath))
        {
            store.Pragma("user_version", Schema.Version + 1);
        }

        var ex = Assert.Throws<InvalidDataException>(() => new BackOfficeStore(DataPath));

        Assert.Contains("newer kiosk-backoffice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_with_what_to_do()
    {
        var notSqlite = new byte[8192]; // e.g. the LiteDB file of a back office before issue 12
        "** This is a LiteDB file **"u8.CopyTo(notSqlite);
        File.WriteAllBytes(DataPath, notSqlite);

        var ex = Assert.Throws<IOException>(() => new BackOfficeStore(DataPath));

        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stock_moves_exactly_and_the_catalog_version_moves_with_it()
    {
        using var store = new BackOfficeStore(DataPath);
        store.Catalog.SeedIfNeverSeeded(DemoCatalog.Products());
        var apples = DemoCatalog.Products().Single(p => p.Unit == "kg").Gtin;

        store.InTransaction(() => store.Catalog.TryAdjustStock(apples, -25.532m) && store.Catalog.BumpCatalogVersion() == 2);

        Assert.Equal(-0.032m, store.Catalog.GetProduct(apples)!.Stock);
        Assert.Equal([apples], store.Catalog.GetNegativeStock().Select(p => p.Gtin));
        Assert.Equal(2, store.Catalog.GetCatalogVersion());
        Assert.False(store.Catalog.SeedIfNeverSeeded(DemoCatalog.Products()));
    }

    private static void Push(BackOfficeStore store, string kiosk, long first, long last) =>
        store.InTransaction(() =>
        {
            for (var seq = first; seq <= last; seq++)
            {
                store.Append(Stored(kiosk, seq, EventStatus.Accepted), Id(kiosk, seq), acceptedReturnOf: null);
            }

            store.SetHead(new KioskHead(kiosk, last, Hash(last)));
            return true;
        });

    private static StoredEvent Stored(string kiosk, long seq, EventStatus status, string? reason = null) =>
        new(kiosk, seq, Id(kiosk, seq).ToString(), "sale", Hash(seq), status, reason, ReceivedAt, System.Text.Encoding.UTF8.GetBytes(Raw(seq)));

    private static Guid Id(string kiosk, long seq) =>
        Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"0190a000-0000-7000-8000-{kiosk.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}{seq:x8}"));

    private static string Hash(long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq:x8}aa");

    private static string Raw(long seq) => string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"type\":\"sale\"}}");
}
