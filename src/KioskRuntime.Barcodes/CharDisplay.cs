namespace KioskRuntime.Barcodes;

/// <summary>Shows characters in error messages so that control characters (GS, CR) are visible.</summary>
internal static class CharDisplay
{
    public static string Printable(char c) => c switch
    {
        '\u001D' => "<GS>",
        _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:X4}",
        _ => c.ToString(),
    };
}
