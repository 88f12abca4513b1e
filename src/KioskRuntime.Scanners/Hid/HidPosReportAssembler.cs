namespace KioskRuntime.Scanners.Hid;

/// <summary>What one report did to the assembler.</summary>
public enum HidPosReportOutcome
{
    /// <summary>Not the scanned-data report (another report id the device sends); nothing changed.</summary>
    Ignored,

    /// <summary>A continued report was stored; the scan is not complete yet.</summary>
    Pending,

    /// <summary>The scan is complete: see <see cref="HidPosReportResult.Data"/>.</summary>
    Complete,

    /// <summary>The report is not a valid scan; see <see cref="HidPosReportResult.Reason"/>. Any pending parts are dropped.</summary>
    Rejected,
}

/// <summary>The result of <see cref="HidPosReportAssembler.Accept"/>. Immutable.</summary>
public readonly record struct HidPosReportResult(HidPosReportOutcome Outcome, byte[]? Data, string? SymbologyId, string? Reason)
{
    internal static HidPosReportResult Reject(string reason) => new(HidPosReportOutcome.Rejected, null, null, reason);
}

/// <summary>
/// Joins HID POS scanned-data reports into whole scans: a report whose continued bit is set is followed by more, up to one whose bit
/// is clear (field notes §2, byte 63 bit 0 on Honeywell). Validates the length byte against the data field. Never throws for bad input.
/// Not thread-safe: one per reading loop.
/// </summary>
public sealed class HidPosReportAssembler
{
    private readonly HidPosLayout _layout;
    private readonly int _maxScanBytes;
    private readonly List<byte> _pending = [];
    private string? _pendingSymbology;
    private bool _hasPending;

    public HidPosReportAssembler(HidPosLayout layout, int maxScanBytes = 8192)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxScanBytes, 1);
        _layout = layout;
        _maxScanBytes = maxScanBytes;
    }

    /// <summary>True while a continued scan waits for its next report.</summary>
    public bool HasPending => _hasPending;

    /// <summary>Feeds one report exactly as read from hidraw.</summary>
    public HidPosReportResult Accept(ReadOnlySpan<byte> report)
    {
        HidPosLayout l = _layout;
        if (l.InputReportId != 0 && (report.IsEmpty || report[0] != l.InputReportId))
        {
            return report.IsEmpty ? Fail("empty report") : new HidPosReportResult(HidPosReportOutcome.Ignored, null, null, null);
        }

        int needed = Math.Max(l.ContinuedByte + 1, Math.Max(l.LengthOffset + 1, l.DataOffset));
        if (report.Length < needed)
        {
            return Fail($"truncated report: {report.Length} bytes, the scanned-data report needs at least {needed}");
        }

        int length = report[l.LengthOffset];
        int available = Math.Min(l.DataCapacity, report.Length - l.DataOffset);
        if (length > available)
        {
            return Fail($"length byte at offset {l.LengthOffset} says {length} bytes, the data field holds {available}");
        }

        bool continued = (report[l.ContinuedByte] & (1 << l.ContinuedBit)) != 0;
        if (!_hasPending && l.SymbologyOffset >= 0 && l.SymbologyLength > 0 && report.Length >= l.SymbologyOffset + l.SymbologyLength)
        {
            _pendingSymbology = ReadSymbology(report.Slice(l.SymbologyOffset, l.SymbologyLength), out string? bad);
            if (bad is not null)
            {
                return Fail(bad);
            }
        }

        if (_pending.Count + length > _maxScanBytes)
        {
            return Fail($"continued scan grows past {_maxScanBytes} bytes without an end");
        }

        if (length == 0 && !continued && !_hasPending)
        {
            return Fail("scanned-data report with length 0");
        }

        foreach (byte b in report.Slice(l.DataOffset, length))
        {
            _pending.Add(b);
        }

        _hasPending = true;
        if (continued)
        {
            return new HidPosReportResult(HidPosReportOutcome.Pending, null, null, null);
        }

        byte[] data = [.. _pending];
        string? symbology = _pendingSymbology;
        Reset();
        return new HidPosReportResult(HidPosReportOutcome.Complete, data, symbology, null);
    }

    /// <summary>Drops a pending continued scan (no next report came in time). Returns the rejection, or null if nothing was pending.</summary>
    public HidPosReportResult? Abandon()
    {
        if (!_hasPending)
        {
            return null;
        }

        int count = _pending.Count;
        Reset();
        return HidPosReportResult.Reject($"continued scan ended without its last report ({count} bytes received)");
    }

    private HidPosReportResult Fail(string reason)
    {
        string detail = _hasPending ? $"{reason}; dropped {_pending.Count} bytes of a continued scan" : reason;
        Reset();
        return HidPosReportResult.Reject(detail);
    }

    private void Reset()
    {
        _pending.Clear();
        _pendingSymbology = null;
        _hasPending = false;
    }

    /// <summary>AIM id bytes: all zero = none; otherwise <c>]</c> + printable ASCII (ISO/IEC 15424).</summary>
    private static string? ReadSymbology(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = null;
        if (bytes.IndexOfAnyExcept((byte)0) < 0)
        {
            return null;
        }

        int end = bytes.IndexOf((byte)0);
        ReadOnlySpan<byte> id = end < 0 ? bytes : bytes[..end];
        if (id.Length < 2 || id[0] != (byte)']' || id.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            problem = $"symbology identifier bytes {Convert.ToHexString(bytes)} are not an AIM id (']' + letter + modifier)";
            return null;
        }

        return System.Text.Encoding.ASCII.GetString(id);
    }
}
