namespace KioskRuntime.Barcodes.Gs1;

/// <summary>
/// A GS1 date field (AI 11, 13, 15, 16, 17, and the date part of 7003) as encoded: two-digit year, month, and day,
/// where day 0 means "end of the month" (GS1 General Specifications §3.4). The century is not encoded; resolve it
/// with <see cref="ToDateOnly(DateOnly)"/> against today's date taken from the caller's <see cref="TimeProvider"/>.
/// Immutable and thread-safe. Values produced by the parser are always valid; a hand-built one with out-of-range fields makes
/// <see cref="ToDateOnly(DateOnly)"/> throw <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
/// <param name="Year">Two-digit year, 0–99.</param>
/// <param name="Month">Month, 1–12.</param>
/// <param name="Day">Day of month, 1–31, or 0 for the last day of the month.</param>
public readonly record struct Gs1Date(int Year, int Month, int Day)
{
    /// <summary>True when the day was encoded as 00 (the last day of the month).</summary>
    public bool IsEndOfMonth => Day == 0;

    /// <summary>
    /// The calendar date, choosing the century by the GS1 rule (General Specifications §7.12): if the encoded year is 51 or
    /// more years ahead of <paramref name="today"/>'s two-digit year it is in the previous century; if it is 50 or more
    /// years behind, in the next century; otherwise in the current one. Day 00 becomes the month's last day.
    /// </summary>
    public DateOnly ToDateOnly(DateOnly today)
    {
        int century = today.Year / 100 * 100;
        int difference = Year - (today.Year % 100);
        if (difference >= 51)
        {
            century -= 100;
        }
        else if (difference <= -50)
        {
            century += 100;
        }

        int year = century + Year;
        int daysInMonth = DateTime.DaysInMonth(year, Month);
        // Feb 29 of a two-digit year divisible by 4 is accepted at parse time; in a non-leap century year (2100) it is the 28th.
        int day = Day == 0 ? daysInMonth : Math.Min(Day, daysInMonth);
        return new DateOnly(year, Month, day);
    }

    /// <summary>Resolves the date against the local "today" of <paramref name="timeProvider"/>.</summary>
    public DateOnly ToDateOnly(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ToDateOnly(DateOnly.FromDateTime(timeProvider.GetLocalNow().DateTime));
    }

    /// <summary>The encoded form, <c>YYMMDD</c>.</summary>
    public override string ToString() => $"{Year:D2}{Month:D2}{Day:D2}";
}
