namespace KioskRuntime.Barcodes.VariableMeasure;

/// <summary>
/// The layout of one family of in-store variable measure EAN-13 codes (GS1 prefixes 20–29, restricted circulation,
/// General Specifications §2.1.14.2). Read left to right: <see cref="Prefix"/>, <see cref="ItemDigits"/> of item reference,
/// an optional verifier digit over the value, <see cref="ValueDigits"/> of price or weight, and the EAN-13 check digit;
/// together exactly 13 digits. The layout is set per country or chain (Norway's is not public), so it comes from the
/// hardware profile: properties are init-settable for System.Text.Json (camelCase, unit as a string:
/// <c>{"prefix":"23","itemDigits":5,"valueDigits":5,"decimals":3,"unit":"Kilograms","hasVerifierDigit":false}</c>).
/// Call <see cref="Validate"/> after deserialising. Immutable once constructed.
/// </summary>
/// <example>GS1 Sweden's <c>2X</c>: X = 0/1/2 price with 2/1/0 decimals, X = 3/4/5 weight in kg with 3/2/1 decimals.</example>
public sealed record VariableMeasureTemplate
{
    /// <summary>Leading digits that select this template, e.g. <c>"23"</c>; 2 to 4 digits, starting with 2.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Number of item reference digits after the prefix (the part that identifies the product).</summary>
    public int ItemDigits { get; init; }

    /// <summary>Number of price or weight digits: 4 or 5.</summary>
    public int ValueDigits { get; init; }

    /// <summary>Implied decimals of the value, 0 to <see cref="ValueDigits"/>.</summary>
    public int Decimals { get; init; }

    /// <summary>Whether the value is a price in kroner or a weight in kilograms.</summary>
    public VariableMeasureUnit Unit { get; init; }

    /// <summary>Whether a price/weight verifier digit (General Specifications §7.9) sits just before the value digits.</summary>
    public bool HasVerifierDigit { get; init; }

    /// <summary>Offset of the verifier digit in the 13 digits, or -1.</summary>
    internal int VerifierOffset => HasVerifierDigit ? Prefix.Length + ItemDigits : -1;

    /// <summary>Offset of the first value digit in the 13 digits.</summary>
    internal int ValueOffset => Prefix.Length + ItemDigits + (HasVerifierDigit ? 1 : 0);

    /// <summary>
    /// Every problem with this template, each naming the property; empty when it is usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        string prefix = Prefix ?? string.Empty;
        if (prefix.Length is < 2 or > 4 || !prefix.All(char.IsAsciiDigit) || prefix[0] != '2')
        {
            problems.Add($"prefix \"{prefix}\" must be 2 to 4 digits starting with 2 (in-store prefixes 20–29)");
        }

        if (ValueDigits is not (4 or 5))
        {
            problems.Add($"valueDigits is {ValueDigits}; it must be 4 or 5");
        }

        if (Decimals < 0 || Decimals > ValueDigits)
        {
            problems.Add($"decimals is {Decimals}; it must be 0 to valueDigits ({ValueDigits})");
        }

        if (ItemDigits < 1)
        {
            problems.Add($"itemDigits is {ItemDigits}; it must be at least 1");
        }

        if (!Enum.IsDefined(Unit))
        {
            problems.Add($"unit {(int)Unit} must be Kroner or Kilograms");
        }

        int total = prefix.Length + ItemDigits + (HasVerifierDigit ? 1 : 0) + ValueDigits + 1;
        if (total != 13)
        {
            problems.Add(
                $"prefix ({prefix.Length}) + itemDigits ({ItemDigits}) + verifier ({(HasVerifierDigit ? 1 : 0)}) + valueDigits ({ValueDigits}) + check digit (1) = {total}; an EAN-13 has 13");
        }

        return problems;
    }

    /// <summary>A short description for logs, e.g. <c>23 IIIII VVVVV C, kg, 3 decimals</c>.</summary>
    public override string ToString() =>
        $"{Prefix} {new string('I', Math.Max(0, ItemDigits))}{(HasVerifierDigit ? " P" : string.Empty)} {new string('V', Math.Clamp(ValueDigits, 0, 13))} C, {(Unit == VariableMeasureUnit.Kilograms ? "kg" : "kr")}, {Decimals} decimals";
}
