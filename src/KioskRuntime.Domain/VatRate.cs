using System.Globalization;
using KioskRuntime.Contract;

namespace KioskRuntime.Domain;

/// <summary>
/// A VAT (MVA) rate in percent. Norway's rates are 25 (general), 15 (food), 12 (transport, cinema, hotels) and 0 (newspapers, exempt);
/// any rate from 0 to 100 with at most two decimals is accepted so that other markets need no code change.
/// </summary>
public readonly record struct VatRate : IComparable<VatRate>
{
    private VatRate(decimal percent) => Percent = percent;

    public decimal Percent { get; }

    public static bool TryParse(string? text, out VatRate rate)
    {
        rate = default;
        if (!ContractDecimal.TryParseUnsigned(text, out var p) || p < 0 || p > 100 || decimal.Round(p, 2) != p)
        {
            return false;
        }

        rate = new VatRate(p);
        return true;
    }

    public static VatRate Parse(string text) =>
        TryParse(text, out var r) ? r : throw new FormatException($"'{text}' is not a VAT rate in percent (0 to 100, like \"25\").");

    public static VatRate OfPercent(decimal percent) =>
        TryParse(percent.ToString(CultureInfo.InvariantCulture), out var r) ? r : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A VAT rate is 0 to 100 percent.");

    /// <summary>The VAT contained in a VAT-inclusive amount, rounded to øre.</summary>
    public Money VatIncludedIn(Money gross) => Money.Of(gross.Amount * Percent / (100m + Percent));

    /// <summary>The contract form: <c>"25"</c>, <c>"15"</c>, <c>"12.5"</c>.</summary>
    public string ToContractString() => ContractDecimal.FormatRate(Percent);

    public override string ToString() => ToContractString();

    public int CompareTo(VatRate other) => Percent.CompareTo(other.Percent);
}
