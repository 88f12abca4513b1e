using System.Collections.Frozen;

namespace KioskRuntime.Printing.Transports;

/// <summary>
/// An IEEE-1284 device id (<c>MFG:EPSON;CMD:ESC/POS;MDL:TM-T88V;CLS:PRINTER;</c>) as read from usblp with
/// LPIOC_GET_DEVICE_ID. Immutable.
/// </summary>
internal sealed class Ieee1284DeviceId
{
    private readonly FrozenDictionary<string, string> _fields;

    private Ieee1284DeviceId(string raw, FrozenDictionary<string, string> fields)
    {
        Raw = raw;
        _fields = fields;
    }

    public string Raw { get; }

    public string? Manufacturer => Get("MFG", "MANUFACTURER");

    public string? Model => Get("MDL", "MODEL");

    public string? CommandSet => Get("CMD", "COMMAND SET");

    /// <summary>Parses the text after the 2-byte length. Keys are case-insensitive; values are trimmed.</summary>
    public static Ieee1284DeviceId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.TryAdd(part[..colon].Trim(), part[(colon + 1)..].Trim());
            }
        }

        return new Ieee1284DeviceId(text, fields.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Parses the ioctl buffer: a 2-byte big-endian length (which includes itself), then the id text.</summary>
    public static bool TryParseIoctlBuffer(ReadOnlySpan<byte> buffer, out Ieee1284DeviceId? id)
    {
        id = null;
        if (buffer.Length < 2)
        {
            return false;
        }

        var length = (buffer[0] << 8) | buffer[1];
        if (length < 2 || length > buffer.Length)
        {
            return false;
        }

        id = Parse(System.Text.Encoding.ASCII.GetString(buffer[2..length]));
        return true;
    }

    /// <summary>The built-in profile that fits this printer, or null when nothing fits (the caller keeps its configured one).</summary>
    public string? SuggestProfile()
    {
        var model = (Model ?? string.Empty).ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        var maker = (Manufacturer ?? string.Empty).ToUpperInvariant();
        var commands = (CommandSet ?? string.Empty).ToUpperInvariant();
        if (model.Contains("TM-T88VI", StringComparison.Ordinal) || model.Contains("TM-T88VII", StringComparison.Ordinal))
        {
            return "epson-tm-t88vi";
        }

        if (model.Contains("TM-T88V", StringComparison.Ordinal))
        {
            return "epson-tm-t88v";
        }

        if (model.Contains("TM-T20", StringComparison.Ordinal))
        {
            return "epson-tm-t20iii";
        }

        if (maker.Contains("STAR", StringComparison.Ordinal) && (model.Contains("TSP143", StringComparison.Ordinal) || model.Contains("TSP100", StringComparison.Ordinal)))
        {
            return "star-tsp143";
        }

        if (model.Contains("58", StringComparison.Ordinal) && (maker.Contains("PRINTER", StringComparison.Ordinal) || maker.Contains("ZJ", StringComparison.Ordinal) || maker.Contains("XPRINTER", StringComparison.Ordinal) || model.StartsWith("ZJ", StringComparison.Ordinal) || model.StartsWith("XP", StringComparison.Ordinal)))
        {
            return "generic-58mm";
        }

        return commands.Contains("ESC/POS", StringComparison.Ordinal) || commands.Contains("ESCPOS", StringComparison.Ordinal) ? "default" : null;
    }

    private string? Get(string key, string alternative) =>
        _fields.TryGetValue(key, out var value) || _fields.TryGetValue(alternative, out value) ? value : null;

    public override string ToString() => Raw;
}
