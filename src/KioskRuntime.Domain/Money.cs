using KioskRuntime.Contract;

namespace KioskRuntime.Domain;

/// <summary>
/// An amount of money in the kiosk's currency, always held at two decimals (øre). Immutable. The upstream contract carries money as a
/// decimal string with two decimals (<c>"24.90"</c>), never a float.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    private Money(decimal amount) => Amount = amount;

    public decimal Amount { get; }

    public static Money Zero => default;

    /// <summary>Creates an amount, rounding half away from zero to øre.</summary>
    public static Money Of(decimal amount) => new(decimal.Round(amount, 2, MidpointRounding.AwayFromZero));

    /// <summary>Parses the contract form (<c>"24.90"</c>, <c>"-3.00"</c>): invariant culture, at most two decimals.</summary>
    public static bool TryParse(string? text, out Money money)
    {
        money = default;
        if (string.IsNullOrWhiteSpace(text)
            || !ContractDecimal.TryParseSigned(text, out var value)
            || decimal.Round(value, 2) != value)
        {
            return false;
        }

        money = new Money(value);
        return true;
    }

    public static Money Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"'{text}' is not a money amount with at most two decimals (like \"24.90\").");

    /// <summary>The contract form: invariant, exactly two decimals.</summary>
    public string ToContractString() => ContractDecimal.FormatMoney(Amount);

    public override string ToString() => ToContractString();

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);

    public static Money operator -(Money a) => new(-a.Amount);

    /// <summary>Price times quantity, rounded to øre.</summary>
    public static Money operator *(Money price, decimal quantity) => Of(price.Amount * quantity);

    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;

    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;

    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;

    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;
}
