namespace KioskRuntime.Sync;

// Documents this project keeps in the journal database. They are plain classes (get/set, parameterless constructor, no property
// named Id) so that the journal's BsonMapper stores them without configuration. Every change is made inside a journal commit.

/// <summary>Collection and key names.</summary>
internal static class SyncCollections
{
    public const string Delivery = "delivery";
    public const string CursorKey = "cursor";
    /// <summary>The brief names this <c>dead-letters</c>; LiteDB collection names allow only letters, digits and <c>_</c>.</summary>
    public const string DeadLetters = "dead_letters";
    public const string Catalog = "catalog";
    public const string Stock = "stock";
    public const string Meta = "meta";
    public const string CatalogMetaKey = "catalog";

    public static string SeqKey(long seq) => seq.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary><c>delivery/cursor</c>: every event up to <see cref="DeliveredSeq"/> is stored upstream (accepted, duplicate or refused).</summary>
public sealed class DeliveryCursorDocument
{
    public long DeliveredSeq { get; set; }

    /// <summary>The journal's chain hash at <see cref="DeliveredSeq"/> ("" for 0).</summary>
    public string DeliveredHash { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary><c>dead_letters/&lt;seq as 19 digits&gt;</c>.</summary>
public sealed class DeadLetterDocument
{
    public long Seq { get; set; }

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary><c>rejected</c> (the back office refused it) or <c>invalid</c> (malformed: a defect).</summary>
    public string Kind { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public int Resubmissions { get; set; }
}

/// <summary><c>meta/catalog</c>: the catalog the kiosk holds.</summary>
public sealed class CatalogMetaDocument
{
    public string Version { get; set; } = "";

    public string? ETag { get; set; }

    public DateTimeOffset PulledAt { get; set; }

    /// <summary>The back office's last seq of this kiosk when the catalog was read: its stock figures include events up to here.</summary>
    public long UpstreamLastSeq { get; set; }

    public int Products { get; set; }
}
