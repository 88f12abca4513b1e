namespace KioskRuntime.Domain;

/// <summary>
/// What a GS1 code told about the one item on a sale line, kept for recalls and the waste report: batch/lot (AI 10), serial
/// (AI 21), and the dates resolved to calendar days — use-by (AI 17, "siste forbruksdag"), best before (AI 15, "best før"),
/// sell by (AI 16) — and the net weight in kg the code gave (AI 310n). Immutable. Counted items merge into one line only when
/// their traces are equal, and never when serialised.
/// </summary>
public sealed record LineTrace(string? Lot, string? Serial, DateOnly? UseBy, DateOnly? BestBefore, DateOnly? SellBy, decimal? NetWeightKg = null)
{
    /// <summary>True when the code carried none of these.</summary>
    public bool IsEmpty => Lot is null && Serial is null && UseBy is null && BestBefore is null && SellBy is null && NetWeightKg is null;

    /// <summary>A date as the contract writes it, <c>yyyy-MM-dd</c>, or null.</summary>
    public static string? ContractDate(DateOnly? date) =>
        date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
