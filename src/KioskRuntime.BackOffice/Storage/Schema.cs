namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// The data file's tables, as SQL. A new file gets the newest version; an older one is brought up to date at open, one step
/// per version, each in the transaction that also moves <c>PRAGMA user_version</c>, so a file is always at a version this
/// code knows. A file written by a newer back office (a higher <c>user_version</c>) is refused rather than guessed at.
/// </summary>
internal static class Schema
{
    /// <summary>
    /// <c>Steps[i]</c> takes a file from <c>user_version</c> i to i + 1. Add a step to change the schema; never edit a
    /// shipped one (files in the field were made by it).
    /// </summary>
    public static readonly IReadOnlyList<string> Steps =
    [
        // 0 -> 1: the contract, version 1.
        """
        -- A kiosk's cursor: the last seq stored for it and the chain hash there (GET .../cursor).
        CREATE TABLE kiosks (
            kiosk_id  TEXT    NOT NULL PRIMARY KEY,
            last_seq  INTEGER NOT NULL CHECK (last_seq >= 0),
            last_hash TEXT    NOT NULL
        );

        -- Every event a kiosk pushed, with the decision taken: accepted, rejected (refused by the business, for good) or
        -- invalid (malformed). One row per (kiosk_id, seq), never updated: a resend is compared with it, never stored again.
        CREATE TABLE events (
            kiosk_id    TEXT    NOT NULL,
            seq         INTEGER NOT NULL CHECK (seq >= 1),
            event_id    TEXT,                      -- "id" as sent; kept even when malformed, to recognise a resend
            type        TEXT,
            hash        TEXT,                      -- compared as an exact string, never interpreted
            status      TEXT    NOT NULL CHECK (status IN ('accepted', 'rejected', 'invalid')),
            reason      TEXT,                      -- why it was rejected or is invalid
            received_at TEXT    NOT NULL,          -- ISO 8601, UTC, 100 ns
            accepted_id TEXT    UNIQUE,            -- the id of an accepted event, lower-case UUID: unique across kiosks
            return_of   TEXT,                      -- for an accepted return: the id of its sale
            raw         BLOB    NOT NULL,          -- the event's JSON exactly as received (or its redacted envelope)
            UNIQUE (kiosk_id, seq),
            CHECK (accepted_id IS NULL OR status = 'accepted')
        );
        CREATE INDEX events_by_return_of ON events (return_of) WHERE return_of IS NOT NULL;

        -- The catalog served to kiosks, with the stock figure the events move. Decimals are kept as their invariant text
        -- (SQLite has no exact decimal type; REAL would round).
        CREATE TABLE products (
            gtin      TEXT    NOT NULL PRIMARY KEY CHECK (length(gtin) = 14),
            sku       TEXT    NOT NULL,
            name      TEXT    NOT NULL,
            price     TEXT    NOT NULL,
            currency  TEXT    NOT NULL,
            vat_rate  TEXT    NOT NULL,
            unit      TEXT    NOT NULL,
            stock     TEXT    NOT NULL,
            age_limit INTEGER
        );

        -- One row once the catalog was seeded: its version (the ETag), moved whenever stock moves.
        CREATE TABLE catalog (
            id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        """,
    ];

    /// <summary>The version a file has once every step ran.</summary>
    public static int Version => Steps.Count;
}
