namespace KioskRuntime.Scanners;

/// <summary>AIM symbology identifiers (ISO/IEC 15424): <c>]</c>, a code character, a modifier character.</summary>
internal static class AimIdentifier
{
    /// <summary>Splits a leading AIM id off text from a transport that sends it in band (keyboard wedge, serial).</summary>
    public static (string Data, string? SymbologyId) Split(string text, bool expectPrefix)
    {
        if (expectPrefix && text.Length >= 3 && text[0] == ']' && char.IsAsciiLetter(text[1]) && text[2] is >= '!' and <= '~')
        {
            return (text[3..], text[..3]);
        }

        return (text, null);
    }
}
