using System.Globalization;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// A field's path, e.g. <c>payload.lines[2].unitPrice</c>, kept as its parts: the text is made only when an error names it.
/// </summary>
internal readonly record struct FieldPath(string Prefix, int Index = -1, string? Field = null)
{
    public FieldPath this[int index] => new(Prefix, index);

    public FieldPath Dot(string field) => new(Prefix, Index, field);

    public override string ToString() => (Index, Field) switch
    {
        ( < 0, null) => Prefix,
        ( < 0, _) => string.Concat(Prefix, ".", Field),
        (_, null) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}[{Index}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Prefix}[{Index}].{Field}"),
    };
}
