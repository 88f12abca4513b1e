using System.Globalization;
using KioskRuntime.BackOffice.Storage;
using LiteDB;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>Events stored as runs: what a push stores must read back the same, after a restart and from the old layout.</summary>
public sealed class EventRunStorageTests : IDisposable
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 27, 9, 15, 2, 123, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiosk-backoffice-tests", Guid.NewGuid().ToString("N"));

    public EventRunStorageTests() => Directory.CreateDirectory(_dir);

    private string DataPath => Path.Combine(_dir, "bo.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Codec_keeps_every_field_and_the_raw_event_byte_for_byte()
    {
        var run = new[]
        {
            Stored("k1", 7, EventStatus.Accepted, raw: "{ \"seq\": 7,  \"note\": \"blåbær ≥ 2\" }"),
            new StoredEvent("k1", 8, null, null, null, EventStatus.Invalid, "payload: missing", ReceivedAt.AddTicks(1), "{\"seq\":8}"u8.ToArray()),
            Stored("k1", 9, EventStatus.Rejected, reason: "currency SEK is not accepted"),
        };

        var decoded = EventRunCodec.Decode("k1", EventRunCodec.Encode(run));

        Assert.Equal(run, decoded);
    }

    [Fact]
    public void Runs_read_back_in_seq_order_across_runs_and_a_restart()
    {
        using (var store = new BackOfficeStore(DataPath))
        {
            Push(store, "k1", 1, 3);
            Push(store, "k1", 4, 5);
            Push(store, "k2", 1, 2);
        }

        using var reopened = new BackOfficeStore(DataPath);

        Assert.Equal([2L, 3, 4, 5], reopened.GetEvents("k1", 2, 10).Select(e => e.Seq));
        Assert.Equal([1L, 2], reopened.GetEvents("k1", 1, 2).Select(e => e.Seq));
        Assert.Empty(reopened.GetEvents("k1", 6, 10));
        Assert.Equal(Raw(4), reopened.GetEvent("k1", 4)!.RawText);
        Assert.Null(reopened.GetEvent("k1", 6));
        Assert.Equal(new EventLocation("k2", 2), reopened.FindByEventId(Id("k2", 2)));
    }

    [Fact]
    public void Only_accepted_ids_are_indexed()
    {
        using var store = new BackOfficeStore(DataPath);
        store.InTransaction(() =>
        {
            store.Append(Stored("k1", 1, EventStatus.Rejected, reason: "no"), acceptedId: null, acceptedReturnOf: null);
            store.Append(Stored("k1", 2, EventStatus.Accepted), Id("k1", 2), acceptedReturnOf: null);
            return true;
        });

        Assert.Null(store.FindByEventId(Id("k1", 1)));
        Assert.Equal(new EventLocation("k1", 2), store.FindByEventId(Id("k1", 2)));
    }

    [Fact]
    public void Events_of_a_transaction_that_fails_are_neither_stored_nor_indexed()
    {
        using var store = new BackOfficeStore(DataPath);

        Assert.Throws<InvalidOperationException>(() => store.InTransaction<bool>(() =>
        {
            store.Append(Stored("k1", 1, EventStatus.Accepted), Id("k1", 1), acceptedReturnOf: null);
            Assert.Equal(new EventLocation("k1", 1), store.FindByEventId(Id("k1", 1))); // seen inside its transaction
            throw new InvalidOperationException("the batch failed");
        }));

        Assert.Null(store.FindByEventId(Id("k1", 1)));
        Assert.Null(store.GetEvent("k1", 1));
        Push(store, "k1", 1, 1); // and seq 1 can still be stored
        Assert.Single(store.GetEvents("k1", 1, 10));
    }

    [Fact]
    public void A_data_file_with_one_document_per_event_is_migrated_to_runs()
    {
        // The layout kiosk-backoffice used before event runs, written the way it wrote it.
        using (var db = new LiteDatabase(new ConnectionString { Filename = DataPath }))
        {
            var events = db.GetCollection("events");
            var ids = db.GetCollection("eventIds");
            foreach (var (seq, status) in new[] { (1L, "accepted"), (2L, "rejected"), (3L, "accepted") })
            {
                events.Insert(new BsonDocument
                {
                    ["_id"] = string.Create(CultureInfo.InvariantCulture, $"k1/{seq:D19}"),
                    ["kiosk"] = "k1",
                    ["seq"] = seq,
                    ["rawId"] = Id("k1", seq).ToString(),
                    ["type"] = "sale",
                    ["hash"] = Hash(seq),
                    ["status"] = status,
                    ["reason"] = status == "rejected" ? "currency SEK is not accepted" : BsonValue.Null,
                    ["receivedAt"] = ReceivedAt.UtcDateTime,
                    ["raw"] = Raw(seq),
                });
                if (status == "accepted")
                {
                    ids.Insert(new BsonDocument { ["_id"] = Id("k1", seq).ToString(), ["kiosk"] = "k1", ["seq"] = seq });
                }
            }
        }

        using (var store = new BackOfficeStore(DataPath))
        {
            var migrated = store.GetEvents("k1", 1, 10);

            Assert.Equal([1L, 2, 3], migrated.Select(e => e.Seq));
            Assert.Equal([EventStatus.Accepted, EventStatus.Rejected, EventStatus.Accepted], migrated.Select(e => e.Status));
            Assert.Equal("currency SEK is not accepted", migrated[1].Reason);
            Assert.Equal(Raw(3), migrated[2].RawText);
            Assert.Equal(ReceivedAt, migrated[0].ReceivedAt);
            Assert.Equal(new EventLocation("k1", 3), store.FindByEventId(Id("k1", 3)));
            Assert.Null(store.FindByEventId(Id("k1", 2)));
        }

        using var reopened = new BackOfficeStore(DataPath); // migrated once: the old collections are gone
        Assert.Equal(3, reopened.GetEvents("k1", 1, 10).Count);
    }

    private static void Push(BackOfficeStore store, string kiosk, long first, long last) =>
        store.InTransaction(() =>
        {
            for (var seq = first; seq <= last; seq++)
            {
                store.Append(Stored(kiosk, seq, EventStatus.Accepted), Id(kiosk, seq), acceptedReturnOf: null);
            }

            return true;
        });

    private static StoredEvent Stored(string kiosk, long seq, EventStatus status, string? reason = null, string? raw = null) =>
        new(kiosk, seq, Id(kiosk, seq).ToString(), "sale", Hash(seq), status, reason, ReceivedAt, System.Text.Encoding.UTF8.GetBytes(raw ?? Raw(seq)));

    private static Guid Id(string kiosk, long seq) =>
        Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"0190a000-0000-7000-8000-{kiosk.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}{seq:x8}"));

    private static string Hash(long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq:x8}aa");

    private static string Raw(long seq) => string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"type\":\"sale\"}}");
}
