using System.Text.RegularExpressions;

namespace KioskRuntime.Contract;

/// <summary>The contract's kiosk id: <c>[a-z0-9][a-z0-9-]{0,63}</c> (it is a URL path segment). Thread-safe: pure.</summary>
public static partial class ContractKioskId
{
    /// <summary>The pattern as the contract writes it, for messages.</summary>
    public const string Pattern = "[a-z0-9][a-z0-9-]{0,63}";

    /// <summary>True when <paramref name="text"/> is a whole kiosk id.</summary>
    public static bool IsValid(string? text) => text is not null && Anchored().IsMatch(text);

    // \z, not $: $ also matches before a final newline ("kiosk-1\n").
    [GeneratedRegex("^" + Pattern + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Anchored();
}
