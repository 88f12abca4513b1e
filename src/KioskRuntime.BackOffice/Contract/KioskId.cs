using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>A kiosk identifier as the contract defines it: <c>[a-z0-9][a-z0-9-]{0,63}</c>. Immutable.</summary>
internal readonly partial record struct KioskId
{
    private KioskId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out KioskId? id)
    {
        if (text is not null && Pattern().IsMatch(text))
        {
            id = new KioskId(text);
            return true;
        }

        id = null;
        return false;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
