namespace KioskRuntime.RackbeatSimulator;

/// <summary>
/// One fault on demand, matched against <c>"METHOD /path"</c> (substring), used <see cref="Times"/> times. Kinds:
/// <c>status</c> answers <see cref="Status"/> (with <c>Retry-After</c> when set) without doing anything;
/// <c>hang</c> never answers and does nothing; <c>drop</c> does the work, then breaks the connection (commit-then-drop);
/// <c>commit-hang</c> does the work, then never answers; <c>then-move</c> does the work, then another channel moves
/// <see cref="Change"/> of <see cref="Item"/> at <see cref="Location"/> before the answer leaves (the read-then-write race).
/// </summary>
internal sealed class FaultRule
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "status", "hang", "drop", "commit-hang", "then-move" };

    public string Match { get; set; } = "";

    public string Kind { get; set; } = "status";

    public int Status { get; set; } = 503;

    public int? RetryAfter { get; set; }

    public int Times { get; set; } = 1;

    public string? Item { get; set; }

    public string? Location { get; set; }

    public decimal Change { get; set; }
}
