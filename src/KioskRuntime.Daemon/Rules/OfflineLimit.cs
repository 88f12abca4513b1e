using System.Globalization;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Rules;

/// <summary>The offline rule: while the back office is unreachable, a sale above the profile's maximum is refused. Pure.</summary>
internal static class OfflineLimit
{
    /// <summary>Why a sale of <paramref name="total"/> is refused, or null when it may go ahead. <paramref name="max"/> null: no limit.</summary>
    public static string? Refusal(bool online, decimal? max, Money total) =>
        !online && max is { } limit && total.Amount > limit
            ? $"the back office is unreachable and {total} is above the offline limit of {limit.ToString("0.00", CultureInfo.InvariantCulture)}"
            : null;
}
